// Decap CMS as the desk uses it, bundled with the desk's script by npm run desk (server.ts): the core,
// the proxy backend (decap-server's git mode), the widgets our generated config names, the image
// component of the Markdown editor and the Chinese interface. The prebuilt `decap-cms` bundle carries
// every backend, widget, media library and language besides (5.2 MB against 2.9 MB minified), and
// parsing it was most of the desk's first load.
import createClass from 'create-react-class'
import { DecapCmsCore as CMS } from 'decap-cms-core'
import { ProxyBackend } from 'decap-cms-backend-proxy'
import image from 'decap-cms-editor-component-image'
import { zh_Hans } from 'decap-cms-locales'
import boolean from 'decap-cms-widget-boolean'
import datetime from 'decap-cms-widget-datetime'
import file from 'decap-cms-widget-file'
import imageWidget from 'decap-cms-widget-image'
import list from 'decap-cms-widget-list'
import markdown from 'decap-cms-widget-markdown'
import object from 'decap-cms-widget-object'
import select from 'decap-cms-widget-select'
import string from 'decap-cms-widget-string'
import text from 'decap-cms-widget-text'
import { createElement } from 'react'

CMS.registerBackend('proxy', ProxyBackend)
for (const widget of [string, text, boolean, datetime, select, markdown, imageWidget, file, list, object]) CMS.registerWidget(widget.Widget())
CMS.registerEditorComponent(image)
CMS.registerLocale('zh_Hans', zh_Hans)

// What desk.ts draws with, as the prebuilt bundle provided them.
Object.assign(window, { CMS, h: createElement, createClass })

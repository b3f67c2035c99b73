// html-validate's configuration for the exported pages (tests/e2e/seed.integrity.spec.ts). A module
// rather than .htmlvalidate.json so that each rule we relax can say why.
const config = {
  extends: ['html-validate:recommended'],
  rules: {
    // React writes void elements self-closed (<meta/>, <link/>) while the article body, from
    // hast-util-to-html, writes them bare (<br>, <img>): no one style fits both.
    'void-style': 'off',
    // React spells a few attributes in camelCase (charSet, dateTime); HTML ignores the case.
    'attr-case': ['error', { style: ['lowercase', 'camelcase'] }],
    // React writes boolean attributes with an empty value (hidden="", defer=""), which HTML treats
    // alike, and hast-util-to-html (the article body) writes them bare: no one style fits both.
    'attribute-empty-style': 'off',
    'attribute-boolean-style': 'off',
    // The footer's phone links keep their hyphens (they are copied and read aloud as typed) and
    // are kept on one line by the nowrap class instead (components/SiteFooter.tsx).
    'tel-non-breaking': ['error', { ignoreClasses: ['nowrap'] }],
  },
}

export default config

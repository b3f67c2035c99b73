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
    // React writes boolean attributes with an empty value (hidden=""), which HTML treats alike.
    'attribute-empty-style': 'off',
  },
}

export default config

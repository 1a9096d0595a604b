#!/usr/bin/env node
// citation-js as a filter for benchmarks/peers_zotero.py: reads one file from stdin,
// writes its conversion to stdout.
//
//     node benchmarks/citation_js_convert.js bibtex ris < in.bib > out.ris
//
// Format names: bibtex, ris (input and output). The input type is forced rather than
// guessed, since the caller knows it: a guess that fails would lose a whole file for a
// reason users of citation-js's API avoid by naming the type. Exits 2 on bad arguments,
// 1 on any error of citation-js (its message on stderr).
'use strict'

const { Cite } = require('@citation-js/core')
require('@citation-js/plugin-bibtex')
require('@citation-js/plugin-ris')

const INPUT_TYPES = { bibtex: '@bibtex/text', ris: '@ris/file' }
const OUTPUT_FORMATS = { bibtex: 'bibtex', ris: 'ris' }

function main (argv) {
  const [source, target] = argv
  if (!(source in INPUT_TYPES) || !(target in OUTPUT_FORMATS)) {
    process.stderr.write('usage: citation_js_convert.js {bibtex,ris} {bibtex,ris} < input > output\n')
    return 2
  }
  const text = require('fs').readFileSync(0, 'utf8')
  const cite = new Cite(text, { forceType: INPUT_TYPES[source] })
  process.stdout.write(cite.format(OUTPUT_FORMATS[target], { format: 'text' }))
  return 0
}

try {
  process.exitCode = main(process.argv.slice(2))
} catch (error) {
  process.stderr.write(`${error && error.stack ? error.stack : error}\n`)
  process.exitCode = 1
}

const path = require('node:path');

const root = path.resolve(__dirname, '..');

/** The file of a package's bin entry (bin files are not always in a package's exports). */
function bin(pkg, name) {
  const dir = path.join(root, 'node_modules', pkg);
  const manifest = require(path.join(dir, 'package.json'));
  const entry = typeof manifest.bin === 'string' ? manifest.bin : manifest.bin[name];
  return path.join(dir, entry);
}

module.exports = { bin, root };

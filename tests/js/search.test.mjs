// The browser half of search, in node's built-in test runner: static/search.js runs in a `vm`
// context (no DOM), against the fixtures src/search.rs is tested with (tests/search.rs), so both
// sides provably tokenise and rank alike. Run: node --test tests/js/
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const repo = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixtures = join(repo, 'tests', 'fixtures', 'search');
/** Values made in the vm context have its prototypes; compare them as plain data. */
const plain = (v) => JSON.parse(JSON.stringify(v));
const fixture = (name) => JSON.parse(readFileSync(join(fixtures, name), 'utf8'));

/** A fresh context with search.js loaded; index files are read from `indexDir` on demand. */
function browser(indexDir) {
  const context = vm.createContext({});
  context.self = context;
  vm.runInContext(readFileSync(join(repo, 'static', 'search.js'), 'utf8'), context, { filename: 'search.js' });
  const api = context.gongkaiSearch;
  const loaded = [];
  if (indexDir) {
    api.setLoader(async (path) => {
      loaded.push(path);
      vm.runInContext(readFileSync(join(indexDir, path), 'utf8'), context, { filename: path });
    });
    const meta = readFileSync(join(indexDir, 'meta.txt'), 'utf8').trim();
    vm.runInContext(readFileSync(join(indexDir, meta), 'utf8'), context);
  }
  return { api, loaded };
}

test('tokenizer matches the shared fixture', () => {
  const { api } = browser();
  for (const c of fixture('tokenize.json').cases) {
    assert.equal(api.normalize(c.input), c.normalized, `normalised form of ${c.input}`);
    const tokens = plain(api.tokenize(c.input).map((t) => [t.term, t.position]));
    assert.deepEqual(tokens, c.tokens, `tokens of ${c.input}`);
  }
});

test('shards are keyed like src/search.rs', () => {
  const { api } = browser();
  assert.equal(api.shardKey('电子'), '电');
  assert.equal(api.shardKey('2010301'), '201');
  assert.equal(api.shardOf('电子', 7), api.shardOf('电', 7));
  // Every term of the committed index sits in the shard the browser computes for it.
  const dir = join(fixtures, 'index');
  const meta = readFileSync(join(dir, 'meta.txt'), 'utf8').trim();
  const { api: b, loaded } = browser(dir);
  const id = b.state.meta.id;
  // The metadata keeps its name from build to build and names the manifest, which names the
  // shards.
  assert.equal(meta, 'search/meta.js');
  assert.ok(readFileSync(join(dir, meta), 'utf8').includes(`"${id}"`));
  const run = (file) => {
    const ctx = vm.createContext({});
    ctx.self = ctx;
    vm.runInContext(readFileSync(join(dir, file), 'utf8'), ctx);
    return ctx.__gk[0];
  };
  const manifest = run(`search/m-${id}-0.js`)[3];
  const shards = manifest.t.length;
  assert.ok(shards > 1);
  for (let n = 0; n < shards; n++) {
    const [, hash, shard, data] = run(`search/t-${manifest.t[n]}-${n}.js`);
    assert.equal(hash, manifest.t[n]);
    assert.equal(shard, n);
    for (const term of Object.keys(data)) assert.equal(b.shardOf(term, shards), n, term);
  }
  assert.deepEqual(loaded, []);
});

test('query terms drop the covered last character and open the last word', () => {
  const { api } = browser();
  const terms = (q) => plain(api.queryTerms(q).map((t) => [t.term, t.offset, t.prefix]));
  assert.deepEqual(terms('电子政务'), [['电子', 0, false], ['子政', 1, false], ['政务', 2, false]]);
  assert.deepEqual(terms('热'), [['热', 0, true]]);
  assert.deepEqual(terms('2010'), [['2010', 0, true]]);
  assert.deepEqual(terms('2010 '), [['2010', 0, false]]);
  assert.deepEqual(terms('a 电'), [['a', 0, false], ['电', 2, true]]);
});

test('ranking matches the shared fixture', async () => {
  const { ranking } = { ranking: fixture('ranking.json') };
  const { api } = browser(join(fixtures, 'index'));
  for (const q of ranking.queries) {
    const hits = await api.search(q.query, api.state.meta.window);
    const got = plain(hits.slice(0, api.state.meta.window).map((h) => [h.record.title, h.tier]));
    assert.deepEqual(got, q.expected, `results of ${q.query}`);
  }
});

test('a query loads only the shards it needs', async () => {
  const { api, loaded } = browser(join(fixtures, 'index'));
  await api.search('齉龘', 8);
  // The manifest and one term shard; no document shard, as nothing was found.
  assert.equal(loaded.length, 2, loaded.join());
  assert.ok(loaded[0].includes('/m-'), loaded.join());
  assert.ok(loaded[1].includes('/t-'), loaded.join());
  const hits = await api.search('热线', 1);
  const documents = loaded.filter((p) => p.includes('/d-'));
  assert.ok(documents.length > 0, loaded.join());
  // Only the document shard of the one result shown: the fixture has more.
  const manifest = api.state.files[loaded[0]];
  assert.ok(documents.length < manifest.d.length, loaded.join());
  assert.equal(loaded.filter((p) => p.includes('/m-')).length, 1, 'the manifest is loaded once');
  assert.match(hits[0].record.href, /^departments\/luohe-2024\/index\.html#project-\d+$/);
});

test('a cached metadata file naming a manifest that is gone is loaded afresh once', async () => {
  const dir = join(fixtures, 'index');
  const context = vm.createContext({});
  context.self = context;
  vm.runInContext(readFileSync(join(repo, 'static', 'search.js'), 'utf8'), context);
  const api = context.gongkaiSearch;
  const current = readFileSync(join(dir, 'search', 'meta.js'), 'utf8');
  const loaded = [];
  api.setLoader(async (path) => {
    loaded.push(path);
    // The current build's files, and search/meta.js?… as the server sends it now.
    vm.runInContext(readFileSync(join(dir, path.split('?')[0]), 'utf8'), context);
  });
  // What a browser cache kept: the metadata of an earlier build, whose shards are gone.
  const id = /"meta","([0-9a-f]+)"/.exec(current)[1];
  vm.runInContext(current.split(`"${id}"`).join('"000000000000"'), context);
  assert.equal(api.state.meta.id, '000000000000');
  const hits = await api.search('热线', 1);
  assert.ok(hits.length > 0);
  assert.equal(api.state.meta.id, id);
  assert.equal(loaded.filter((p) => p.startsWith('search/meta.js?')).length, 1, loaded.join());
});

test('highlighting marks the phrase on the original text', () => {
  const { api } = browser();
  const marked = (text, q) => api.highlight(text, q).map(([t, m]) => (m ? `[${t}]` : t)).join('');
  assert.equal(marked('负责电子政务建设', '电子政务'), '负责[电子政务]建设');
  assert.equal(marked('１２３４５热线', '12345'), '[１２３４５]热线');
  assert.equal(marked('ABC改造', 'abc'), '[ABC]改造');
  // Whole terms only: neither the last character of 三公 nor of 电子政务 is marked alone.
  assert.equal(marked('公务用车运行维护费', '三公'), '公务用车运行维护费');
  assert.equal(marked('公务用车运行维护费', '电子政务'), '公务用车运行维护费');
  assert.equal(marked('“三公”经费', '卫辉 三公'), '“[三公]”经费');
  assert.equal(marked('热线服务', '热'), '[热]线服务');
});

// cx_metrics through node-postgres (`pg` from npm, pinned in package-lock.json):
// the demo's key queries, score_summary in text and in binary, and SQLSTATEs of errors.
//
// Run by test/suites/clients_node.sh with PGHOST/PGPORT/PGUSER/PGDATABASE set and the
// extension created.  Expected values are computed here from the rows this test inserts.
//
// Binary: a Buffer parameter travels in binary format, so `$1::score_summary` with the
// bytes of score_summary_send exercises score_summary_recv losslessly.  Results with
// `binary: true` arrive through pg-protocol, which decodes every field as UTF-8 before
// handing it to the type parser (brianc/node-postgres#3495, still open in pg 8.23), so
// only values whose binary form is plain ASCII survive; the test reads such a summary
// in binary and checks that precondition first.
'use strict';
const { Client, types } = require('pg');

let failures = 0;
function check(what, got, want) {
	const g = JSON.stringify(got), w = JSON.stringify(want);
	if (g === w) console.log(`ok   ${what}`);
	else { console.log(`FAIL ${what}: got ${g}, want ${w}`); failures++; }
}
function checkClose(what, got, want) {
	check(`${what} (${got} ~ ${want})`, Math.abs(got - want) <= 1e-9, true);
}
function nps(scores) {
	const s = scores.filter((x) => x !== null);
	if (s.length === 0) return null;
	return 100 * (s.filter((x) => x >= 9).length - s.filter((x) => x <= 6).length) / s.length;
}
async function expectSqlState(client, what, text, values, state) {
	try {
		await client.query(text, values);
		console.log(`FAIL ${what}: no error, want SQLSTATE ${state}`);
		failures++;
	} catch (e) {
		check(`${what}: SQLSTATE`, e.code, state);
		return e;
	}
}

async function main() {
	const client = new Client();
	await client.connect();
	await client.query('CREATE TABLE responses (region text, score int, rating int, effort int, revenue float8)');

	// The demo's key query, rows inserted through bound parameters in one statement.
	const regions = ['EMEA', 'APAC', 'North America'];
	const rows = [];
	for (let i = 0; i < 1500; i++)
		rows.push([regions[i % 3], i % 23 === 0 ? null : (i * 7 + Math.floor(i / 11)) % 11,
			1 + (i * 3) % 5, 1 + (i * 5) % 7, 100 + (i % 50)]);
	await client.query(
		`INSERT INTO responses SELECT * FROM unnest($1::text[], $2::int[], $3::int[], $4::int[], $5::float8[])`,
		[0, 1, 2, 3, 4].map((k) => rows.map((r) => r[k])));
	for (const binary of [false, true]) {
		const res = await client.query({
			text: 'SELECT region, nps(score) AS nps, csat(rating) AS csat, ces(effort) AS ces FROM responses WHERE region <> $1 GROUP BY region ORDER BY region',
			values: ['nowhere'], binary });
		check(`regions (binary ${binary})`, res.rows.map((r) => r.region), [...regions].sort());
		for (const r of res.rows) {
			const sel = rows.filter((x) => x[0] === r.region);
			// float8 results in binary mode are mangled by node-postgres#3495 (see above)
			if (binary)
				continue;
			checkClose(`nps(${r.region})`, r.nps, nps(sel.map((x) => x[1])));
			checkClose(`ces(${r.region})`, r.ces, sel.reduce((a, x) => a + x[3], 0) / sel.length);
			check(`nps(${r.region}) is a number`, typeof r.nps, 'number');
		}
	}
	const empty = await client.query('SELECT nps(score) FROM responses WHERE false');
	check('nps of no rows is null', empty.rows[0].nps, null);
	const cat = await client.query('SELECT nps_category($1::int)::text AS c', [6]);
	check('nps_category(6)', cat.rows[0].c, 'detractor');

	// Summary aggregates: one summary per region read as text and as score_summary_send
	// bytes, written back both ways (text parameter, Buffer parameter); rollup is exact.
	const agg = await client.query('SELECT region, nps_agg(score) AS s, score_summary_send(nps_agg(score)) AS b FROM responses GROUP BY region');
	await client.query('CREATE TABLE region_summaries (via text, s score_summary)');
	for (const r of agg.rows) {
		await client.query("INSERT INTO region_summaries VALUES ('text', $1)", [r.s]);
		await client.query("INSERT INTO region_summaries VALUES ('binary', $1::score_summary)", [r.b]);
	}
	const roll = await client.query('SELECT via, nps(rollup(s)) AS nps FROM region_summaries GROUP BY via ORDER BY via');
	for (const r of roll.rows)
		checkClose(`nps(rollup) of summaries written back as ${r.via}`, r.nps, nps(rows.map((x) => x[1])));
	const doc = (await client.query('SELECT rollup(s)::jsonb AS j FROM region_summaries WHERE via = $1', ['text'])).rows[0].j;
	check('score_summary::jsonb arrives as an object with n', doc.n, rows.filter((x) => x[1] !== null).length);

	// score_summary in text: read, write back through a parameter.
	const texts = [
		'v1 scale=0..10 skipped=2 n=3,0,0,0,0,1,0,0,0,10,4',
		'v1 scale=1..5 weighted skipped=0 n=1,0,0,2,1 w=2.5,0,0,3,1 w2=6.25,0,0,5,1',
		'v1 scale=1..7 weighted skipped=1 n=0,0,1,0,0,0,2 w=0,0,0.1,0,0,0,0.30000000000000004 w2=0,0,0.010000000000000002,0,0,0,0.05000000000000001',
	];
	await client.query('CREATE TABLE summaries (id int, s score_summary)');
	for (let i = 0; i < texts.length; i++) {
		const r = await client.query('INSERT INTO summaries VALUES ($1, $2) RETURNING s', [i, texts[i]]);
		check(`text round trip ${i}`, r.rows[0].s, texts[i]);
	}
	const acc = await client.query('SELECT nps($1::score_summary) AS nps, n($1::score_summary) AS n', [texts[0]]);
	checkClose('nps of a bound summary', acc.rows[0].nps, 100 * (14 - 4) / 18);
	check('n of a bound summary (bigint arrives as text)', acc.rows[0].n, '18');

	// score_summary in binary.  Write: the bytes of score_summary_send as a Buffer
	// parameter (binary format, score_summary_recv); every summary, float weights included.
	const sent = await client.query('SELECT id, score_summary_send(s) AS b, s::text AS t FROM summaries ORDER BY id');
	for (const r of sent.rows) {
		check(`send gives a Buffer ${r.id}`, Buffer.isBuffer(r.b), true);
		const back = await client.query('SELECT $1::score_summary::text AS t', [r.b]);
		check(`binary write (recv) round trip ${r.id}`, back.rows[0].t, texts[r.id]);
	}
	// Read: binary: true hands the raw bytes to the type parser registered for the OID.
	const oid = (await client.query("SELECT 'score_summary'::regtype::oid AS oid")).rows[0].oid;
	types.setTypeParser(oid, 'binary', (v) => Buffer.from(v));
	const ascii = sent.rows[0].b;
	check('precondition: summary 0 is ASCII in binary', ascii.every((b) => b < 0x80), true);
	const bin = await client.query({ text: 'SELECT s FROM summaries WHERE id = $1', values: [0], binary: true });
	check('binary read equals score_summary_send', Buffer.compare(bin.rows[0].s, ascii), 0);
	const bad = Buffer.from(ascii);
	bad[0] = 99;
	await expectSqlState(client, 'corrupt binary summary', 'SELECT $1::score_summary', [bad], '22P03');

	// journey_stage: loose labels in, canonical text out, journey order; binary both ways
	// (its binary form, journey and label as counted text, is ASCII for these labels).
	await client.query("SELECT define_journey('clients', ARRAY['Visit', 'Sign-up', 'Purchase'])");
	await client.query('CREATE TABLE steps (id int, stage journey_stage(clients))');
	const labels = ['purchase', 'VISIT', ' sign-up '];
	for (let i = 0; i < labels.length; i++)
		await client.query('INSERT INTO steps VALUES ($1, $2)', [i, labels[i]]);
	const order = ['clients:Visit', 'clients:Sign-up', 'clients:Purchase'];
	const st = await client.query('SELECT stage, journey_stage_send(stage) AS b FROM steps WHERE stage >= $1 ORDER BY stage', ['clients:Visit']);
	check('journey_stage text out, journey order', st.rows.map((r) => r.stage), order);
	const stageOid = (await client.query("SELECT 'journey_stage'::regtype::oid AS oid")).rows[0].oid;
	types.setTypeParser(stageOid, 'binary', (v) => Buffer.from(v));
	for (const r of st.rows) {
		const back = await client.query('SELECT $1::journey_stage::text AS t', [r.b]);
		check(`journey_stage binary write (recv) ${r.stage}`, back.rows[0].t, r.stage);
		check(`precondition: ${r.stage} is ASCII in binary`, r.b.every((x) => x < 0x80), true);
		const bin = await client.query({ text: 'SELECT stage FROM steps WHERE stage = $1', values: [r.stage], binary: true });
		check(`journey_stage binary read ${r.stage}`, Buffer.compare(bin.rows[0].stage, r.b), 0);
	}
	await expectSqlState(client, 'unknown stage', 'SELECT $1::journey_stage', ['clients:Nope'], '22P02');

	// Errors with their SQLSTATE, message and hint.
	const e = await expectSqlState(client, 'nps(11)', 'SELECT nps(x) FROM (VALUES (10), ($1::int)) v(x)', [11], '22003');
	if (e) {
		check('nps(11): message names the value', /11/.test(e.message), true);
		check('nps(11): hint shows the FILTER fix', /FILTER/.test(e.hint || ''), true);
	}
	await expectSqlState(client, 'negative weight', 'SELECT nps_weighted(9, $1::float8)', [-1], '22023');
	await expectSqlState(client, 'unreadable summary', 'SELECT $1::score_summary', ['v1 scale=0..10 nonsense'], '22P02');
	check('connection usable after errors', (await client.query('SELECT 1 AS one')).rows[0].one, 1);

	await client.end();
	console.log(`${failures} failures`);
	process.exit(failures === 0 ? 0 : 1);
}

main().catch((e) => { console.error(e); process.exit(1); });

/*
 * CxClientsTest: cx_metrics through JDBC (Debian's libpostgresql-jdbc-java), once with
 * binary transfer off and once on (prepareThreshold=-1 makes every statement a named
 * server-side one from the first run; binaryTransferEnable lists the OID of
 * score_summary so its values travel in binary, through score_summary_send/recv).
 *
 * Usage: java -cp /usr/share/java/postgresql.jar:DIR CxClientsTest text|binary
 * with PGHOST (a socket directory is not usable by JDBC, so CX_TCP_HOST), PGPORT,
 * PGUSER and PGDATABASE in the environment.  The extension must exist (the suite
 * creates it).  Expected values are computed here from the rows this test inserts.
 */
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.sql.*;
import java.util.*;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyManager;
import org.postgresql.util.PSQLException;

public class CxClientsTest {
	static int failures = 0;

	static void check(String what, Object got, Object want) {
		if (Objects.equals(got, want))
			System.out.println("ok   " + what);
		else {
			System.out.println("FAIL " + what + ": got " + got + ", want " + want);
			failures++;
		}
	}

	static void checkClose(String what, double got, double want) {
		check(what + " (" + got + " ~ " + want + ")", Math.abs(got - want) <= 1e-9, true);
	}

	static Double nps(List<Integer> scores) {
		int n = 0, p = 0, d = 0;
		for (Integer s : scores) {
			if (s == null) continue;
			n++;
			if (s >= 9) p++;
			if (s <= 6) d++;
		}
		return n == 0 ? null : 100.0 * (p - d) / n;
	}

	static void expectSqlState(Connection c, String what, String sql, Object param, String state) throws SQLException {
		try (PreparedStatement ps = c.prepareStatement(sql)) {
			ps.setObject(1, param);
			try (ResultSet rs = ps.executeQuery()) {
				while (rs.next()) { }
			}
			System.out.println("FAIL " + what + ": no error, want SQLSTATE " + state);
			failures++;
		} catch (PSQLException e) {
			check(what + ": SQLSTATE", e.getSQLState(), state);
			if (state.equals("22003") && e.getServerErrorMessage() != null) {
				String hint = e.getServerErrorMessage().getHint();
				check(what + ": hint shows the FILTER fix", hint != null && hint.contains("FILTER"), true);
			}
		}
	}

	/* A binary COPY stream with one bytea-like column per row. */
	static byte[] copyBinary(List<byte[]> values) throws IOException {
		ByteArrayOutputStream bos = new ByteArrayOutputStream();
		DataOutputStream out = new DataOutputStream(bos);
		out.write("PGCOPY\n".getBytes("US-ASCII"));
		out.write(new byte[] {(byte) 0xff, '\r', '\n', 0});
		out.writeInt(0);
		out.writeInt(0);
		for (byte[] v : values) {
			out.writeShort(1);
			out.writeInt(v.length);
			out.write(v);
		}
		out.writeShort(-1);
		out.flush();
		return bos.toByteArray();
	}

	public static void main(String[] args) throws Exception {
		String mode = args[0];
		String base = "jdbc:postgresql://" + System.getenv("CX_TCP_HOST") + ":" + System.getenv("PGPORT") + "/"
			+ System.getenv("PGDATABASE") + "?user=" + System.getenv("PGUSER");
		long oid, stageOid;
		try (Connection c = DriverManager.getConnection(base);
			 Statement st = c.createStatement();
			 ResultSet rs = st.executeQuery("SELECT 'score_summary'::regtype::oid, 'journey_stage'::regtype::oid")) {
			rs.next();
			oid = rs.getLong(1);
			stageOid = rs.getLong(2);
		}
		String url = mode.equals("binary")
			? base + "&prepareThreshold=-1&binaryTransfer=true&binaryTransferEnable=" + oid + "," + stageOid
			: base + "&binaryTransfer=false&prepareThreshold=0";
		System.out.println("mode " + mode + ": " + url);
		String t = "t_" + mode;

		try (Connection c = DriverManager.getConnection(url)) {
			Statement st = c.createStatement();
			st.execute("CREATE TABLE " + t + "_responses (region text, score int, rating int, effort int, revenue float8)");

			// The demo's key query through bound parameters and a batch insert.
			String[] regions = {"EMEA", "APAC", "North America"};
			Map<String, List<Integer>> byRegion = new TreeMap<>();
			try (PreparedStatement ins = c.prepareStatement("INSERT INTO " + t + "_responses VALUES (?, ?, ?, ?, ?)")) {
				for (int i = 0; i < 2000; i++) {
					String region = regions[i % 3];
					Integer score = i % 19 == 0 ? null : (i * 7 + i / 11) % 11;
					byRegion.computeIfAbsent(region, k -> new ArrayList<>()).add(score);
					ins.setString(1, region);
					if (score == null) ins.setNull(2, Types.INTEGER); else ins.setInt(2, score);
					ins.setInt(3, 1 + (i * 3) % 5);
					ins.setInt(4, 1 + (i * 5) % 7);
					ins.setDouble(5, 100 + i % 50);
					ins.addBatch();
				}
				ins.executeBatch();
			}
			try (PreparedStatement ps = c.prepareStatement(
					"SELECT region, nps(score), csat(rating), ces(effort) FROM " + t + "_responses WHERE region <> ? GROUP BY region ORDER BY region")) {
				ps.setString(1, "nowhere");
				for (int round = 0; round < 2; round++) {	/* twice: the second run uses the prepared statement */
					try (ResultSet rs = ps.executeQuery()) {
						List<String> seen = new ArrayList<>();
						while (rs.next()) {
							String r = rs.getString(1);
							seen.add(r);
							checkClose("nps(" + r + ") round " + round, rs.getDouble(2), nps(byRegion.get(r)));
						}
						check("regions round " + round, seen, new ArrayList<>(byRegion.keySet()));
					}
				}
			}
			try (ResultSet rs = st.executeQuery("SELECT nps(score) FROM " + t + "_responses WHERE false")) {
				rs.next();
				rs.getDouble(1);
				check("nps of no rows is SQL NULL", rs.wasNull(), true);
			}
			try (PreparedStatement ps = c.prepareStatement("SELECT nps_category(?)::text")) {
				ps.setInt(1, 8);
				try (ResultSet rs = ps.executeQuery()) {
					rs.next();
					check("nps_category(8)", rs.getString(1), "passive");
				}
			}

			// Summary aggregates: one summary per region, read in this mode's format and
			// written back (text through parameters, binary through COPY); rollup is exact.
			st.execute("CREATE TABLE " + t + "_region_summaries (s score_summary)");
			try (PreparedStatement ps = c.prepareStatement("SELECT region, nps_agg(score) AS s, score_summary_send(nps_agg(score)) FROM "
					+ t + "_responses WHERE region <> ? GROUP BY region ORDER BY region");
				 PreparedStatement ins = c.prepareStatement("INSERT INTO " + t + "_region_summaries VALUES (?::score_summary)")) {
				ps.setString(1, "nowhere");
				List<byte[]> raw = new ArrayList<>();
				try (ResultSet rs = ps.executeQuery()) {
					while (rs.next()) {
						if (mode.equals("binary")) {
							check("nps_agg arrives in binary (" + rs.getString(1) + ")", Arrays.equals(rs.getBytes(2), rs.getBytes(3)), true);
							raw.add(rs.getBytes(2));
						} else {
							check("nps_agg arrives as text (" + rs.getString(1) + ")", rs.getString(2).startsWith("v1 scale=0..10 "), true);
							ins.setString(1, rs.getString(2));
							ins.executeUpdate();
						}
					}
				}
				if (mode.equals("binary"))
					c.unwrap(PGConnection.class).getCopyAPI().copyIn("COPY " + t + "_region_summaries FROM STDIN (FORMAT binary)",
						new ByteArrayInputStream(copyBinary(raw)));
			}
			try (ResultSet rs = st.executeQuery("SELECT nps(rollup(s)) FROM " + t + "_region_summaries")) {
				rs.next();
				List<Integer> all = new ArrayList<>();
				for (List<Integer> l : byRegion.values()) all.addAll(l);
				checkClose("nps(rollup) of the summaries written back", rs.getDouble(1), nps(all));
			}

			// score_summary: text in through a parameter, stored, read back.
			String[] texts = {
				"v1 scale=0..10 skipped=2 n=3,0,0,0,0,1,0,0,0,10,4",
				"v1 scale=1..5 weighted skipped=0 n=1,0,0,2,1 w=2.5,0,0,3,1 w2=6.25,0,0,5,1",
			};
			st.execute("CREATE TABLE " + t + "_summaries (id int, s score_summary)");
			try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + t + "_summaries VALUES (?, ?::score_summary)")) {
				for (int i = 0; i < texts.length; i++) {
					ps.setInt(1, i);
					ps.setString(2, texts[i]);
					ps.executeUpdate();
				}
			}
			try (PreparedStatement ps = c.prepareStatement(
					"SELECT s, s::text, score_summary_send(s), n(s) FROM " + t + "_summaries WHERE id >= ? ORDER BY id")) {
				ps.setInt(1, 0);
				List<byte[]> raw = new ArrayList<>();
				try (ResultSet rs = ps.executeQuery()) {
					int i = 0;
					while (rs.next()) {
						check("summary " + i + " as text", rs.getString(2), texts[i]);
						byte[] sent = rs.getBytes(3);
						if (mode.equals("binary")) {
							byte[] got = rs.getBytes(1);
							check("summary " + i + " arrives in binary = score_summary_send", Arrays.equals(got, sent), true);
						} else {
							check("summary " + i + " arrives as text", rs.getString(1), texts[i]);
						}
						raw.add(sent);
						i++;
					}
					check("summaries read", i, texts.length);
				}
				// Write the binary form back: COPY FROM STDIN (FORMAT binary) calls score_summary_recv.
				st.execute("CREATE TABLE " + t + "_summaries_in (s score_summary)");
				CopyManager cm = c.unwrap(PGConnection.class).getCopyAPI();
				long rows = cm.copyIn("COPY " + t + "_summaries_in FROM STDIN (FORMAT binary)",
									  new ByteArrayInputStream(copyBinary(raw)));
				check("binary COPY in rows", rows, (long) texts.length);
				try (ResultSet rs = st.executeQuery("SELECT s::text FROM " + t + "_summaries_in ORDER BY n(s) DESC")) {
					List<String> back = new ArrayList<>();
					while (rs.next()) back.add(rs.getString(1));
					check("binary round trip", back, Arrays.asList(texts));
				}
			}
			try (PreparedStatement ps = c.prepareStatement("SELECT nps(?::score_summary)")) {
				ps.setString(1, texts[0]);
				try (ResultSet rs = ps.executeQuery()) {
					rs.next();
					checkClose("nps of a bound summary", rs.getDouble(1), 100.0 * (14 - 4) / 18);
				}
			}

			// journey_stage: loose labels in, canonical text out, journey order, binary.
			st.execute("SELECT define_journey('" + t + "', ARRAY['Visit', 'Sign-up', 'Purchase'])");
			st.execute("CREATE TABLE " + t + "_steps (id int, stage journey_stage(" + t + "))");
			// Both modes' journeys share the labels, and a bound parameter reaches the type's
			// input function without the column's typmod (as for every type), so the
			// parameters name the journey; the label part still matches loosely.
			String[] labels = {t + ":purchase", t + ":VISIT", t + ": sign-up "};
			try (PreparedStatement ps = c.prepareStatement("INSERT INTO " + t + "_steps VALUES (?, ?::journey_stage)")) {
				for (int i = 0; i < labels.length; i++) {
					ps.setInt(1, i);
					ps.setString(2, labels[i]);
					ps.executeUpdate();
				}
			}
			try (PreparedStatement ps = c.prepareStatement(
					"SELECT s.stage, s.stage::text AS label, journey_stage_send(s.stage) FROM " + t + "_steps s WHERE s.stage >= ?::journey_stage ORDER BY s.stage")) {
				ps.setString(1, t + ":Visit");
				List<String> order = new ArrayList<>();
				List<byte[]> raw = new ArrayList<>();
				try (ResultSet rs = ps.executeQuery()) {
					while (rs.next()) {
						order.add(rs.getString(2));
						byte[] sent = rs.getBytes(3);
						raw.add(sent);
						if (mode.equals("binary"))
							check("journey_stage arrives in binary = journey_stage_send " + rs.getString(2),
								  Arrays.equals(rs.getBytes(1), sent), true);
						else
							check("journey_stage arrives as text", rs.getString(1), rs.getString(2));
					}
				}
				check("journey_stage journey order", order, Arrays.asList(t + ":Visit", t + ":Sign-up", t + ":Purchase"));
				st.execute("CREATE TABLE " + t + "_steps_in (stage journey_stage(" + t + "))");
				CopyManager cm = c.unwrap(PGConnection.class).getCopyAPI();
				cm.copyIn("COPY " + t + "_steps_in FROM STDIN (FORMAT binary)", new ByteArrayInputStream(copyBinary(raw)));
				try (ResultSet rs = st.executeQuery("SELECT string_agg(stage::text, ',' ORDER BY stage) FROM " + t + "_steps_in")) {
					rs.next();
					check("journey_stage binary COPY in round trip", rs.getString(1), String.join(",", order));
				}
			}
			expectSqlState(c, "unknown stage", "SELECT ?::journey_stage", t + ":Nope", "22P02");

			// Errors with their SQLSTATE; the connection stays usable (autocommit).
			expectSqlState(c, "nps(11)", "SELECT nps(x) FROM (VALUES (10), (?)) v(x)", 11, "22003");
			expectSqlState(c, "negative weight", "SELECT nps_weighted(9, ?)", -1.0, "22023");
			expectSqlState(c, "unreadable summary", "SELECT ?::score_summary", "v1 scale=0..10 nonsense", "22P02");
			try (ResultSet rs = st.executeQuery("SELECT 1")) {
				rs.next();
				check("connection usable after errors", rs.getInt(1), 1);
			}
		}
		System.out.println(failures + " failures");
		System.exit(failures == 0 ? 0 : 1);
	}
}

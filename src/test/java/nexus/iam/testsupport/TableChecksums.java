package nexus.iam.testsupport;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a database holds, as one value per table and sequence of the connection's schema: for a
 * table its row count and the MD5 of all its rows as text in primary-key order; for a sequence its
 * last value. Two databases with equal checksums hold the same rows.
 */
public final class TableChecksums {

	private TableChecksums() {
	}

	/** The base tables of the current schema, by name. */
	public static List<String> tables(Connection db) throws SQLException {
		List<String> tables = new ArrayList<>();
		try (Statement sql = db.createStatement();
				ResultSet rs = sql.executeQuery("SELECT table_name FROM information_schema.tables"
						+ " WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY 1")) {
			while (rs.next()) {
				tables.add(rs.getString(1));
			}
		}
		return tables;
	}

	/** {@code table:<name>} → {@code <rows>:<md5>}, and {@code sequence:<name>} → its last value. */
	public static Map<String, String> of(Connection db) throws SQLException {
		Map<String, String> checksums = new TreeMap<>();
		for (String table : tables(db)) {
			String order = String.join(", ", primaryKey(db, table).stream().map((c) -> "t." + quote(c)).toList());
			String query = "SELECT count(*) || ':' || coalesce(md5(string_agg(t::text, '|' ORDER BY "
					+ (order.isEmpty() ? "t::text" : order) + ")), '-') FROM " + quote(table) + " t";
			try (Statement sql = db.createStatement(); ResultSet rs = sql.executeQuery(query)) {
				rs.next();
				checksums.put("table:" + table, rs.getString(1));
			}
		}
		try (Statement sql = db.createStatement();
				ResultSet rs = sql.executeQuery("SELECT sequencename, coalesce(last_value::text, '-') FROM pg_sequences"
						+ " WHERE schemaname = current_schema()")) {
			while (rs.next()) {
				checksums.put("sequence:" + rs.getString(1), rs.getString(2));
			}
		}
		return checksums;
	}

	private static List<String> primaryKey(Connection db, String table) throws SQLException {
		List<String> columns = new ArrayList<>();
		try (PreparedStatement sql = db.prepareStatement("SELECT a.attname FROM pg_index i"
				+ " JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)"
				+ " WHERE i.indrelid = to_regclass(quote_ident(?)) AND i.indisprimary"
				+ " ORDER BY array_position(i.indkey::smallint[], a.attnum)")) {
			sql.setString(1, table);
			try (ResultSet rs = sql.executeQuery()) {
				while (rs.next()) {
					columns.add(rs.getString(1));
				}
			}
		}
		return columns;
	}

	private static String quote(String identifier) {
		return '"' + identifier.replace("\"", "\"\"") + '"';
	}
}

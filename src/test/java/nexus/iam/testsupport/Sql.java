package nexus.iam.testsupport;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/** Small read-only queries that tests use to look at what the service wrote. */
public final class Sql {

	private Sql() {
	}

	/** The single number a {@code SELECT count(*) …} returns, with positional parameters. */
	public static long count(Connection db, String sql, Object... params) throws SQLException {
		try (PreparedStatement query = db.prepareStatement(sql)) {
			for (int i = 0; i < params.length; i++) {
				query.setObject(i + 1, params[i]);
			}
			try (ResultSet rs = query.executeQuery()) {
				rs.next();
				return rs.getLong(1);
			}
		}
	}
}

package nexus.iam.restore;

import java.util.Locale;

/**
 * What the service does when it starts on a database without a seal: a restore of a backup on
 * which restore.sh's epoch did not run ({@code nexus.restore.unsealed-database}).
 */
public enum UnsealedDatabase {

	/** Do not start (the default): what the backup still shows live would work again. */
	REFUSE,
	/** Run the restore epoch now, as restore.sh would have, then start. */
	SEAL,
	/**
	 * Seal the database as it is and start: for a copy made while nothing could be revoked (the
	 * service stopped), where there is nothing to end.
	 */
	ACCEPT;

	public String value() {
		return name().toLowerCase(Locale.ROOT);
	}
}

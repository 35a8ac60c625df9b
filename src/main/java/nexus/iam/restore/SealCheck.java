package nexus.iam.restore;

/**
 * The start-up decision on the seal, without Spring: a sealed database starts as it is; an
 * unsealed one, a restore whose epoch did not run, only as the operator said explicitly.
 */
final class SealCheck {

	/** What the start-up does. */
	enum Action {

		START, REFUSE, SEAL_THEN_START, ACCEPT_THEN_START

	}

	private SealCheck() {
	}

	static Action decide(boolean sealed, UnsealedDatabase setting) {
		if (sealed) {
			return Action.START;
		}
		return switch (setting) {
			case REFUSE -> Action.REFUSE;
			case SEAL -> Action.SEAL_THEN_START;
			case ACCEPT -> Action.ACCEPT_THEN_START;
		};
	}

	/** Why the service does not start, and what the operator can do. */
	static String refusal() {
		return "This database is a restore of a backup on which the restore epoch did not run (it has no row in"
				+ " database_seal): sessions and tokens revoked, ended or rotated after the backup would work again."
				+ " Restore with ops/backup/restore.sh, which runs the epoch, or start once with"
				+ " NEXUS_RESTORE_UNSEALED_DATABASE=seal to run it now (every session live in the backup ends and"
				+ " every access token issued before now is refused); NEXUS_RESTORE_UNSEALED_DATABASE=accept starts"
				+ " on it as it is. See docs/operations/backup.md.";
	}
}

package nexus.iam.secrets;

/**
 * Why the secrets could not be read. Thrown while the environment is prepared, so the service
 * stops before anything uses a half-read configuration. Messages name the file and the variable,
 * never a secret value, and never chain a parser's exception (whose message may quote the file).
 */
public final class SecretsException extends IllegalStateException {

	/** What went wrong, for tests and for operators reading the logs. */
	public enum Reason {

		/** A file that a variable names is missing, unreadable or not UTF-8 text. */
		UNREADABLE,

		/** The file is not valid dotenv, YAML, JSON or INI, lacks SOPS metadata, or holds nested values. */
		MALFORMED,

		/** A SOPS feature Nexus does not read: a store, a key type, Shamir key groups, comment rules. */
		UNSUPPORTED,

		/** Neither {@code SOPS_AGE_KEY_FILE} nor {@code SOPS_AGE_KEY} provides an age identity. */
		NO_IDENTITY,

		/** None of the age identities is a recipient of the file's data key. */
		WRONG_KEY,

		/** A value fails AES-GCM authentication, or a value that must be encrypted is not. */
		TAMPERED,

		/** The file carries no MAC, so its integrity cannot be checked. */
		MAC_MISSING,

		/** The MAC does not match the values: something was changed, added, removed or reordered. */
		MAC_MISMATCH
	}

	private final Reason reason;

	SecretsException(Reason reason, String message) {
		super(message);
		this.reason = reason;
	}

	public Reason reason() {
		return this.reason;
	}
}

package nexus.iam.restore;

/** The service refuses to start on a restore whose epoch did not run. */
public class UnsealedDatabaseException extends IllegalStateException {

	UnsealedDatabaseException(String message) {
		super(message);
	}
}

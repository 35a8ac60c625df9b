package nexus.iam.clientregistry;

import java.util.List;

/** A refused registration request: answered as RFC 7591 §3.2.2 says, never stored. */
final class RegistrationException extends RuntimeException {

	private final RegistrationError error;

	RegistrationException(RegistrationError error, String description) {
		super(description, null, false, false);
		this.error = error;
	}

	/** The first problem decides the code (redirect URIs' come first); all are described. */
	static RegistrationException of(List<ClientProblem> problems) {
		return new RegistrationException(problems.get(0).error(),
				String.join("; ", problems.stream().map(ClientProblem::description).distinct().toList()));
	}

	RegistrationError error() {
		return this.error;
	}
}

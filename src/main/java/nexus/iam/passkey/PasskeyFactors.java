package nexus.iam.passkey;

import java.util.UUID;

import org.springframework.stereotype.Component;

/** What other features may ask about a user's passkeys: whether there are any (the step-up page offers them). */
@Component
public final class PasskeyFactors {

	private final PasskeyRepository repository;

	PasskeyFactors(PasskeyRepository repository) {
		this.repository = repository;
	}

	public boolean hasPasskeys(UUID userId) {
		return !this.repository.findByUser(userId).isEmpty();
	}
}

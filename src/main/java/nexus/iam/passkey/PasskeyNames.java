package nexus.iam.passkey;

import java.util.UUID;

import org.jspecify.annotations.Nullable;

import nexus.iam.problem.ErrorCode;
import nexus.iam.problem.ProblemException;

/** What a passkey may be called, and what it is called when its owner gives no name. */
final class PasskeyNames {

	static final int MAX_LENGTH = 64;

	private PasskeyNames() {
	}

	/** A chosen name, trimmed; blank or missing gives the default. */
	static String chosenOr(@Nullable String chosen, @Nullable UUID aaguid, @Nullable String browser, @Nullable String os) {
		if (chosen != null && !chosen.isBlank()) {
			return check(chosen);
		}
		return KnownAuthenticators.name(aaguid).orElseGet(() -> fromClient(browser, os));
	}

	/** A name to rename to: required, at most {@value #MAX_LENGTH} characters, no control characters. */
	static String check(@Nullable String name) {
		if (name == null || name.isBlank()) {
			throw new ProblemException(ErrorCode.INVALID_REQUEST, "Send {\"name\": \"…\"}");
		}
		String trimmed = name.strip();
		if (trimmed.codePointCount(0, trimmed.length()) > MAX_LENGTH) {
			throw new ProblemException(ErrorCode.INVALID_REQUEST, "A passkey's name has at most " + MAX_LENGTH + " characters");
		}
		if (trimmed.codePoints().anyMatch(Character::isISOControl)) {
			throw new ProblemException(ErrorCode.INVALID_REQUEST, "A passkey's name has no control characters");
		}
		return trimmed;
	}

	private static String fromClient(@Nullable String browser, @Nullable String os) {
		String name = (browser == null && os == null) ? "Passkey"
				: (browser == null) ? os : (os == null) ? browser : browser + " on " + os;
		return (name.length() > MAX_LENGTH) ? name.substring(0, MAX_LENGTH) : name;
	}
}

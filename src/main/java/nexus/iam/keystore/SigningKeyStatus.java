package nexus.iam.keystore;

import java.util.Locale;

/** Where a key is in its life; follows from its instants and the clock, never stored. */
enum SigningKeyStatus {

	/** Published and verifying, not signing before its activation. */
	NEXT,
	/** Signs new tokens. */
	ACTIVE,
	/** Superseded; verifies the tokens it signed until it is retired. */
	PREVIOUS,
	/** Neither verifies nor is published; its private key is erased. */
	RETIRED;

	String value() {
		return name().toLowerCase(Locale.ROOT);
	}
}

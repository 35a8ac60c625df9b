package nexus.iam.passkey;

import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.jspecify.annotations.Nullable;

/**
 * Names of the passkey providers whose AAGUID is well known (from the community list
 * passkey-authenticator-aaguids): the default name of a new passkey. An AAGUID of zeros, as
 * {@code attestation: none} often gives, names nothing.
 */
final class KnownAuthenticators {

	private static final Map<UUID, String> NAMES = Map.of(
			UUID.fromString("ea9b8d66-4d01-1d21-3ce4-b6b48cb575d4"), "Google Password Manager",
			UUID.fromString("adce0002-35bc-c60a-648b-0b25f1f05503"), "Chrome on Mac",
			UUID.fromString("fbfc3007-154e-4ecc-8c0b-6e020557d7bd"), "iCloud Keychain",
			UUID.fromString("08987058-cadc-4b81-b6e1-30de50dcbe96"), "Windows Hello",
			UUID.fromString("9ddd1817-af5a-4672-a2b9-3e3dd95000a9"), "Windows Hello",
			UUID.fromString("6028b017-b1d4-4c02-b4b3-afcdafc96bb2"), "Windows Hello",
			UUID.fromString("bada5566-a7aa-401f-bd96-45619a55120d"), "1Password",
			UUID.fromString("d548826e-79b4-db40-a3d8-11116f7e8349"), "Bitwarden",
			UUID.fromString("531126d6-e717-415c-9320-3d9aa6981239"), "Dashlane");

	private KnownAuthenticators() {
	}

	static Optional<String> name(@Nullable UUID aaguid) {
		return Optional.ofNullable((aaguid == null) ? null : NAMES.get(aaguid));
	}
}

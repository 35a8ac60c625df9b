package nexus.iam.passkey;

import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

import com.webauthn4j.WebAuthnManager;
import com.webauthn4j.converter.AttestedCredentialDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.credential.CredentialRecordImpl;
import com.webauthn4j.data.AuthenticationData;
import com.webauthn4j.data.AuthenticationParameters;
import com.webauthn4j.data.AuthenticatorTransport;
import com.webauthn4j.data.PublicKeyCredentialParameters;
import com.webauthn4j.data.PublicKeyCredentialType;
import com.webauthn4j.data.RegistrationData;
import com.webauthn4j.data.RegistrationParameters;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import com.webauthn4j.server.ServerProperty;
import com.webauthn4j.verifier.exception.BadChallengeException;
import com.webauthn4j.verifier.exception.BadOriginException;
import com.webauthn4j.verifier.exception.BadRpIdException;
import com.webauthn4j.verifier.exception.BadSignatureException;
import com.webauthn4j.verifier.exception.CredentialIdTooLongException;
import com.webauthn4j.verifier.exception.CrossOriginException;
import com.webauthn4j.verifier.exception.MaliciousCounterValueException;
import com.webauthn4j.verifier.exception.MissingChallengeException;
import com.webauthn4j.verifier.exception.UserNotPresentException;
import com.webauthn4j.verifier.exception.UserNotVerifiedException;
import com.webauthn4j.verifier.exception.VerificationException;

import nexus.iam.passkey.PasskeyRepository.PasskeyRow;
import nexus.iam.problem.ErrorCode;
import nexus.iam.problem.ProblemException;

/**
 * The two WebAuthn ceremonies, parsed and verified by webauthn4j, with every failure turned into
 * a problem a client can act on. webauthn4j's parsers throw unchecked Jackson exceptions, a
 * {@code NullPointerException} for {@code null}, {@code {}} or a missing {@code response}, or
 * return null: all of it is a {@code 400 passkey_response_invalid} here, never a 5xx.
 */
final class Ceremonies {

	/** WebAuthn Level 3: relying parties ignore credentials whose id is longer. */
	static final int MAX_CREDENTIAL_ID_BYTES = 1023;

	/** ES256, EdDSA and RS256: what authenticators and platforms make in practice. */
	static final List<PublicKeyCredentialParameters> ALGORITHMS = List.of(
			new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.ES256),
			new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.EdDSA),
			new PublicKeyCredentialParameters(PublicKeyCredentialType.PUBLIC_KEY, COSEAlgorithmIdentifier.RS256));

	private final WebAuthnManager manager;

	private final AttestedCredentialDataConverter credentialData;

	private final RelyingParty relyingParty;

	Ceremonies(RelyingParty relyingParty) {
		ObjectConverter converter = new ObjectConverter();
		this.manager = WebAuthnManager.createNonStrictWebAuthnManager(converter);
		this.credentialData = new AttestedCredentialDataConverter(converter);
		this.relyingParty = relyingParty;
	}

	RelyingParty relyingParty() {
		return this.relyingParty;
	}

	/** Parses a {@code RegistrationResponseJSON}; malformed input of any kind is a 400. */
	RegistrationData parseRegistration(String json) {
		RegistrationData data;
		try {
			data = this.manager.parseRegistrationResponseJSON(json);
		}
		catch (RuntimeException ex) {
			throw malformed(ex);
		}
		if (data == null || data.getAttestationObject() == null || data.getCollectedClientData() == null
				|| data.getAttestationObject().getAuthenticatorData().getAttestedCredentialData() == null) {
			throw new ProblemException(ErrorCode.PASSKEY_RESPONSE_INVALID, "The registration response is incomplete");
		}
		return data;
	}

	/** Parses an {@code AuthenticationResponseJSON}; malformed input of any kind is a 400. */
	AuthenticationData parseAuthentication(String json) {
		AuthenticationData data;
		try {
			data = this.manager.parseAuthenticationResponseJSON(json);
		}
		catch (RuntimeException ex) {
			throw malformed(ex);
		}
		if (data == null || data.getCredentialId() == null || data.getAuthenticatorData() == null
				|| data.getCollectedClientData() == null || data.getSignature() == null) {
			throw new ProblemException(ErrorCode.PASSKEY_RESPONSE_INVALID, "The authentication response is incomplete");
		}
		if (data.getCredentialId().length > MAX_CREDENTIAL_ID_BYTES) {
			throw new ProblemException(ErrorCode.PASSKEY_RESPONSE_INVALID, "The credential id is too long");
		}
		return data;
	}

	/**
	 * Checks a registration against the challenge: type, challenge, origin, RP ID hash, user
	 * presence and verification, algorithm, credential id length.
	 */
	void verifyRegistration(RegistrationData data, byte[] challenge) {
		AttestedCredentialData attested = data.getAttestationObject().getAuthenticatorData().getAttestedCredentialData();
		if (attested.getCredentialId().length > MAX_CREDENTIAL_ID_BYTES) {
			throw new ProblemException(ErrorCode.PASSKEY_RESPONSE_INVALID, "The credential id is too long");
		}
		try {
			this.manager.verify(data, new RegistrationParameters(serverProperty(challenge), ALGORITHMS, true, true));
		}
		catch (VerificationException ex) {
			throw refused(ex);
		}
		catch (RuntimeException ex) {
			throw malformed(ex);
		}
	}

	/**
	 * Checks an assertion against the challenge and the stored passkey: type, challenge, origin,
	 * RP ID hash, user presence and verification, signature, counter.
	 */
	void verifyAuthentication(AuthenticationData data, byte[] challenge, PasskeyRow passkey) {
		try {
			this.manager.verify(data, new AuthenticationParameters(serverProperty(challenge), record(passkey), null, true, true));
		}
		catch (VerificationException ex) {
			throw refused(ex);
		}
		catch (RuntimeException ex) {
			throw malformed(ex);
		}
	}

	byte[] serialize(AttestedCredentialData data) {
		return this.credentialData.convert(data);
	}

	private CredentialRecordImpl record(PasskeyRow passkey) {
		AttestedCredentialData attested = this.credentialData.convert(passkey.attestedCredentialData());
		Set<AuthenticatorTransport> transports = transports(passkey.transports());
		return new CredentialRecordImpl(new NoneAttestationStatement(), passkey.uvInitialized(), passkey.backupEligible(),
				passkey.backedUp(), passkey.signCount(), attested, null, null, null, transports);
	}

	static Set<AuthenticatorTransport> transports(String stored) {
		if (stored.isBlank()) {
			return Set.of();
		}
		return java.util.Arrays.stream(stored.split(","))
			.map(AuthenticatorTransport::create)
			.collect(Collectors.toUnmodifiableSet());
	}

	private ServerProperty serverProperty(byte[] challenge) {
		Set<Origin> origins = this.relyingParty.origins().stream().map(Origin::create).collect(Collectors.toSet());
		return ServerProperty.builder()
			.origins(origins)
			.rpId(this.relyingParty.id())
			.challenge(new DefaultChallenge(challenge))
			.build();
	}

	private static ProblemException malformed(RuntimeException ex) {
		return new ProblemException(ErrorCode.PASSKEY_RESPONSE_INVALID, "The passkey response cannot be read");
	}

	/** The library's verdicts, by what the client did wrong. */
	static ProblemException refused(VerificationException ex) {
		return switch (ex) {
			case BadChallengeException e -> new ProblemException(ErrorCode.PASSKEY_CHALLENGE_INVALID,
					"The response answers another challenge");
			case MissingChallengeException e -> new ProblemException(ErrorCode.PASSKEY_CHALLENGE_INVALID,
					"The response answers no challenge");
			case BadOriginException e -> new ProblemException(ErrorCode.PASSKEY_ORIGIN_INVALID);
			case CrossOriginException e -> new ProblemException(ErrorCode.PASSKEY_ORIGIN_INVALID,
					"The response was made in a cross-origin frame");
			case BadRpIdException e -> new ProblemException(ErrorCode.PASSKEY_RP_ID_INVALID);
			case UserNotVerifiedException e -> new ProblemException(ErrorCode.PASSKEY_USER_NOT_VERIFIED);
			case UserNotPresentException e -> new ProblemException(ErrorCode.PASSKEY_USER_NOT_VERIFIED,
					"The authenticator did not test the user's presence");
			case MaliciousCounterValueException e -> new ProblemException(ErrorCode.PASSKEY_COUNTER_REGRESSED);
			case BadSignatureException e -> new ProblemException(ErrorCode.PASSKEY_NOT_RECOGNISED);
			case CredentialIdTooLongException e -> new ProblemException(ErrorCode.PASSKEY_RESPONSE_INVALID,
					"The credential id is too long");
			default -> new ProblemException(ErrorCode.PASSKEY_RESPONSE_INVALID, "The passkey response is not valid");
		};
	}
}

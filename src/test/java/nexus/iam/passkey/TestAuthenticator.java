package nexus.iam.passkey;

import java.nio.charset.StandardCharsets;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.security.Signature;
import java.security.interfaces.ECPublicKey;
import java.security.spec.ECGenParameterSpec;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.webauthn4j.converter.AttestationObjectConverter;
import com.webauthn4j.converter.AuthenticatorDataConverter;
import com.webauthn4j.converter.CollectedClientDataConverter;
import com.webauthn4j.converter.util.ObjectConverter;
import com.webauthn4j.data.attestation.AttestationObject;
import com.webauthn4j.data.attestation.authenticator.AAGUID;
import com.webauthn4j.data.attestation.authenticator.AttestedCredentialData;
import com.webauthn4j.data.attestation.authenticator.AuthenticatorData;
import com.webauthn4j.data.attestation.authenticator.EC2COSEKey;
import com.webauthn4j.data.attestation.statement.COSEAlgorithmIdentifier;
import com.webauthn4j.data.attestation.statement.NoneAttestationStatement;
import com.webauthn4j.data.client.ClientDataType;
import com.webauthn4j.data.client.CollectedClientData;
import com.webauthn4j.data.client.Origin;
import com.webauthn4j.data.client.challenge.DefaultChallenge;
import tools.jackson.databind.json.JsonMapper;

/**
 * A software authenticator for protocol tests: a P-256 key made with java.security, authenticator
 * data, client data and attestation objects built from webauthn4j's own types and converters, and
 * ES256 signatures. Every field a relying party checks can be set wrong on purpose.
 */
final class TestAuthenticator {

	static final byte UP = AuthenticatorData.BIT_UP;

	static final byte UV = AuthenticatorData.BIT_UV;

	static final byte BE = AuthenticatorData.BIT_BE;

	private static final Base64.Encoder B64 = Base64.getUrlEncoder().withoutPadding();

	private static final Base64.Decoder B64D = Base64.getUrlDecoder();

	private static final ObjectConverter CONVERTER = new ObjectConverter();

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private final KeyPair keys;

	private final byte[] credentialId;

	private byte[] userHandle;

	private long counter;

	TestAuthenticator() {
		this(32);
	}

	TestAuthenticator(int credentialIdLength) {
		try {
			KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
			generator.initialize(new ECGenParameterSpec("secp256r1"));
			this.keys = generator.generateKeyPair();
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
		this.credentialId = new byte[credentialIdLength];
		new SecureRandom().nextBytes(this.credentialId);
		this.userHandle = new byte[0];
	}

	String credentialIdBase64() {
		return B64.encodeToString(this.credentialId);
	}

	/** What the authenticator answers {@code navigator.credentials.create} with; the options' user handle is kept. */
	Ceremony create(String optionsJson) {
		Map<?, ?> options = JSON.readValue(optionsJson, Map.class);
		Map<?, ?> user = (Map<?, ?>) options.get("user");
		this.userHandle = B64D.decode((String) user.get("id"));
		return new Ceremony(ClientDataType.WEBAUTHN_CREATE, (String) options.get("challenge"),
				(String) ((Map<?, ?>) options.get("rp")).get("id"));
	}

	/** What the authenticator answers {@code navigator.credentials.get} with. */
	Ceremony get(String optionsJson) {
		Map<?, ?> options = JSON.readValue(optionsJson, Map.class);
		return new Ceremony(ClientDataType.WEBAUTHN_GET, (String) options.get("challenge"), (String) options.get("rpId"));
	}

	void counter(long counter) {
		this.counter = counter;
	}

	/** One answer, with every field a relying party checks open to change before {@link #json}. */
	final class Ceremony {

		ClientDataType type;

		String challenge;

		String rpId;

		String origin;

		byte flags = (byte) (UP | UV);

		Long signCount;

		byte[] userHandle = TestAuthenticator.this.userHandle;

		byte[] credentialId = TestAuthenticator.this.credentialId;

		Ceremony(ClientDataType type, String challenge, String rpId) {
			this.type = type;
			this.challenge = challenge;
			this.rpId = rpId;
		}

		Ceremony origin(String origin) {
			this.origin = origin;
			return this;
		}

		Ceremony type(ClientDataType type) {
			this.type = type;
			return this;
		}

		Ceremony challenge(String challenge) {
			this.challenge = challenge;
			return this;
		}

		Ceremony rpId(String rpId) {
			this.rpId = rpId;
			return this;
		}

		Ceremony flags(int flags) {
			this.flags = (byte) flags;
			return this;
		}

		Ceremony signCount(long signCount) {
			this.signCount = signCount;
			return this;
		}

		Ceremony userHandle(byte[] userHandle) {
			this.userHandle = userHandle;
			return this;
		}

		Ceremony credentialId(byte[] credentialId) {
			this.credentialId = credentialId;
			return this;
		}

		/** The {@code RegistrationResponseJSON} or {@code AuthenticationResponseJSON}. */
		String json() {
			long count = (this.signCount != null) ? this.signCount : ++TestAuthenticator.this.counter;
			CollectedClientData clientData = new CollectedClientData(this.type, new DefaultChallenge(this.challenge),
					new Origin(this.origin), null);
			byte[] clientDataJson = new CollectedClientDataConverter(CONVERTER).convertToBytes(clientData);
			Map<String, Object> response = new LinkedHashMap<>();
			response.put("clientDataJSON", B64.encodeToString(clientDataJson));
			if (this.type == ClientDataType.WEBAUTHN_CREATE) {
				AttestedCredentialData attested = new AttestedCredentialData(AAGUID.ZERO, this.credentialId,
						EC2COSEKey.create((ECPublicKey) TestAuthenticator.this.keys.getPublic(), COSEAlgorithmIdentifier.ES256));
				AuthenticatorData<com.webauthn4j.data.extension.authenticator.RegistrationExtensionAuthenticatorOutput> data = new AuthenticatorData<>(
						sha256(this.rpId.getBytes(StandardCharsets.UTF_8)), (byte) (this.flags | AuthenticatorData.BIT_AT), count,
						attested);
				AttestationObject attestation = new AttestationObject(data, new NoneAttestationStatement());
				response.put("attestationObject",
						B64.encodeToString(new AttestationObjectConverter(CONVERTER).convertToBytes(attestation)));
				response.put("transports", List.of("internal"));
			}
			else {
				AuthenticatorData<?> data = new AuthenticatorData<>(sha256(this.rpId.getBytes(StandardCharsets.UTF_8)),
						this.flags, count);
				byte[] authenticatorData = new AuthenticatorDataConverter(CONVERTER).convert(data);
				response.put("authenticatorData", B64.encodeToString(authenticatorData));
				response.put("signature", B64.encodeToString(sign(authenticatorData, sha256(clientDataJson))));
				if (this.userHandle != null) {
					response.put("userHandle", B64.encodeToString(this.userHandle));
				}
			}
			Map<String, Object> credential = new LinkedHashMap<>();
			credential.put("id", B64.encodeToString(this.credentialId));
			credential.put("rawId", B64.encodeToString(this.credentialId));
			credential.put("type", "public-key");
			credential.put("response", response);
			credential.put("clientExtensionResults", Map.of());
			credential.put("authenticatorAttachment", "platform");
			return JSON.writeValueAsString(credential);
		}
	}

	private byte[] sign(byte[] authenticatorData, byte[] clientDataHash) {
		try {
			Signature signature = Signature.getInstance("SHA256withECDSA");
			signature.initSign(this.keys.getPrivate());
			signature.update(authenticatorData);
			signature.update(clientDataHash);
			return signature.sign();
		}
		catch (java.security.GeneralSecurityException ex) {
			throw new IllegalStateException(ex);
		}
	}

	static byte[] sha256(byte[] value) {
		try {
			return MessageDigest.getInstance("SHA-256").digest(value);
		}
		catch (java.security.NoSuchAlgorithmException ex) {
			throw new IllegalStateException(ex);
		}
	}
}

package nexus.iam.kratos;

import java.util.Locale;
import java.util.UUID;
import java.util.regex.Pattern;

import org.jspecify.annotations.Nullable;

import tools.jackson.core.JacksonException;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import nexus.iam.identity.ExternalIdentity;
import nexus.iam.identity.ProfileValues;
import nexus.iam.problem.ErrorCode;
import nexus.iam.problem.ProblemException;

/**
 * What the registration web-hook body (shaped by {@code ops/kratos/registration-webhook.jsonnet})
 * says about a new Kratos identity. Only the members read here are checked; any others are ignored,
 * since Kratos adds identity fields from version to version.
 *
 * @param identityId the Kratos identity id ({@code identity.id})
 * @param email {@code identity.traits.email}, if the identity schema has one
 * @param emailVerified whether a verifiable address with that value is verified
 * @param displayName {@code identity.traits.name}: a string, or {@code first} and {@code last}
 * @param method the registration method ({@code ctx.flow.active}: {@code password}, {@code oidc}…), if sent
 */
record KratosRegistration(UUID identityId, @Nullable String email, boolean emailVerified,
		@Nullable String displayName, @Nullable String method) {

	/** Every registration is one identity of this provider, whatever method Kratos used. */
	static final String PROVIDER = "kratos";

	private static final Pattern METHOD = Pattern.compile("[a-z][a-z0-9_]{0,31}");

	/** The identity as this service stores it: provider {@code kratos}, subject the Kratos identity id. */
	ExternalIdentity toExternalIdentity() {
		return new ExternalIdentity(PROVIDER, this.identityId.toString(), this.email, this.emailVerified,
				this.displayName, null);
	}

	/**
	 * Reads a web-hook body.
	 * @throws ProblemException {@code invalid_request} naming the first member that is missing or of
	 * the wrong type
	 */
	static KratosRegistration parse(JsonMapper json, byte @Nullable [] body) {
		if (body == null || body.length == 0) {
			throw invalid("The body is empty");
		}
		JsonNode root;
		try {
			root = json.readTree(body);
		}
		catch (JacksonException ex) {
			throw invalid("The body is not valid JSON");
		}
		if (root == null || !root.isObject()) {
			throw invalid("The body is not a JSON object");
		}
		JsonNode identity = required(root, "identity", "identity");
		if (!identity.isObject()) {
			throw invalid("identity is not an object");
		}
		UUID id = identityId(identity);
		JsonNode traits = required(identity, "traits", "identity.traits");
		if (!traits.isObject()) {
			throw invalid("identity.traits is not an object");
		}
		String rawEmail = optionalString(traits, "email", "identity.traits.email");
		String email = (rawEmail != null) ? blankToNull(rawEmail) : null;
		if (email != null && !ProfileValues.isEmailAddress(email)) {
			throw invalid("identity.traits.email is not an e-mail address");
		}
		checkAddresses(identity, "verifiable_addresses");
		checkAddresses(identity, "recovery_addresses");
		String method = optionalString(root, "method", "method");
		if (method != null && !METHOD.matcher(method).matches()) {
			throw invalid("method is not a Kratos method name");
		}
		return new KratosRegistration(id, email, email != null && verified(identity, email), displayName(traits),
				method);
	}

	private static UUID identityId(JsonNode identity) {
		String value = optionalString(identity, "id", "identity.id");
		if (value == null) {
			throw invalid("identity.id is missing");
		}
		try {
			UUID id = UUID.fromString(value);
			if (id.getMostSignificantBits() == 0 && id.getLeastSignificantBits() == 0) {
				throw invalid("identity.id is the nil UUID");
			}
			return id;
		}
		catch (IllegalArgumentException ex) {
			throw invalid("identity.id is not a UUID");
		}
	}

	/**
	 * Kratos's address lists ({@code verifiable_addresses}, {@code recovery_addresses}): absent, or
	 * an array of objects whose {@code value} is a string and whose {@code verified} is a boolean.
	 * Checked whether or not the traits hold an address: a payload of another shape is refused.
	 */
	private static void checkAddresses(JsonNode identity, String name) {
		JsonNode addresses = identity.get(name);
		if (addresses == null || addresses.isNull()) {
			return;
		}
		if (!addresses.isArray()) {
			throw invalid("identity." + name + " is not an array");
		}
		for (int i = 0; i < addresses.size(); i++) {
			String path = "identity." + name + "[" + i + "]";
			JsonNode address = addresses.get(i);
			if (!address.isObject()) {
				throw invalid(path + " is not an object");
			}
			optionalString(address, "value", path + ".value");
			JsonNode flag = address.get("verified");
			if (flag != null && !flag.isNull() && !flag.isBoolean()) {
				throw invalid(path + ".verified is not a boolean");
			}
		}
	}

	/** Whether {@code identity.verifiable_addresses} (its shape checked) holds this address, verified. */
	private static boolean verified(JsonNode identity, String email) {
		JsonNode addresses = identity.get("verifiable_addresses");
		if (addresses == null || addresses.isNull()) {
			return false;
		}
		boolean verified = false;
		for (int i = 0; i < addresses.size(); i++) {
			JsonNode address = addresses.get(i);
			String value = optionalString(address, "value", "");
			JsonNode flag = address.get("verified");
			if (value != null && flag != null && flag.booleanValue(false)
					&& value.toLowerCase(Locale.ROOT).equals(email.toLowerCase(Locale.ROOT))) {
				verified = true;
			}
		}
		return verified;
	}

	/** {@code traits.name} as a string, or an object of {@code first} and {@code last} (Kratos's example schemas). */
	private static @Nullable String displayName(JsonNode traits) {
		JsonNode name = traits.get("name");
		if (name == null || name.isNull()) {
			return null;
		}
		String full;
		if (name.isString()) {
			full = blankToNull(name.stringValue());
		}
		else if (name.isObject()) {
			String first = optionalString(name, "first", "identity.traits.name.first");
			String last = optionalString(name, "last", "identity.traits.name.last");
			full = blankToNull(((first != null) ? first : "") + " " + ((last != null) ? last : ""));
		}
		else {
			throw invalid("identity.traits.name is not a string or an object");
		}
		if (full != null && !ProfileValues.isDisplayName(full)) {
			throw invalid("identity.traits.name holds control characters or is longer than " + ProfileValues.MAX_NAME
					+ " characters");
		}
		return full;
	}

	private static JsonNode required(JsonNode parent, String name, String path) {
		JsonNode value = parent.get(name);
		if (value == null || value.isNull()) {
			throw invalid(path + " is missing");
		}
		return value;
	}

	/** A string member; absent or {@code null} is empty. */
	private static @Nullable String optionalString(JsonNode parent, String name, String path) {
		JsonNode value = parent.get(name);
		if (value == null || value.isNull()) {
			return null;
		}
		if (!value.isString()) {
			throw invalid(path + " is not a string");
		}
		return value.stringValue();
	}

	private static @Nullable String blankToNull(String value) {
		String trimmed = value.strip();
		return trimmed.isEmpty() ? null : trimmed;
	}

	private static ProblemException invalid(String detail) {
		return new ProblemException(ErrorCode.INVALID_REQUEST, detail);
	}
}

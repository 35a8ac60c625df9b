package nexus.iam.device;

import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.params.provider.Arguments.argumentSet;

/**
 * Every case of {@code testdata/useragents/user-agents.json} (uap-core's own expectations, see its
 * README) through {@link UserAgents}: browser and OS as uap-core says, and the device type that the
 * expected device implies.
 */
class UapCoreUserAgentsTests {

	private static final UserAgents userAgents = new UserAgents();

	/**
	 * The kind of each device family in the file, known from the model (a {@code Samsung SM-G970F} is
	 * a Galaxy S10e phone); {@code Other} (no device recognised) goes by the expected OS instead.
	 */
	private static final Map<String, String> TYPE_OF_DEVICE_FAMILY = Map.ofEntries(Map.entry("Spider", Device.BOT),
			Map.entry("Mac", Device.DESKTOP), Map.entry("iPad", Device.TABLET),
			Map.entry("Generic Tablet", Device.TABLET), Map.entry("801LV", Device.TABLET), // brand Generic_Android_Tablet
			Map.entry("iPhone", Device.MOBILE), Map.entry("iPod", Device.MOBILE),
			Map.entry("OnePlus GM1917", Device.MOBILE), // OnePlus 7 Pro
			Map.entry("Samsung SM-G970F", Device.MOBILE), // Galaxy S10e
			Map.entry("Samsung SM-G9500", Device.MOBILE), // Galaxy S8
			Map.entry("Nexus 5", Device.MOBILE), Map.entry("Pixel", Device.MOBILE), Map.entry("Pixel 2 XL", Device.MOBILE),
			Map.entry("HTC One V", Device.MOBILE));

	private static final Set<String> DESKTOP_SYSTEMS = Set.of("Windows", "Mac OS X", "Linux", "Ubuntu", "Chrome OS");

	/**
	 * Where uap-java 1.6.1 disagrees with uap-core's current tests, and what it says instead. uap-java
	 * 1.6.1 (2023-11) bundles the regexes of uap-core 0.18.0 (commit d668d6c, 2023-05); the file is
	 * from uap-core e3c5e63 (2026-08). The Microsoft Teams rule came with uap-core 5bf1320 (2026-05),
	 * so the embedded browser is still read by the Edge rule that follows it. Each entry must still
	 * differ from the file: remove it when a newer uap-java agrees.
	 */
	private static final Map<String, String> UAP_JAVA_1_6_1_BROWSER_DIVERGENCES = Map.of(
			"Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/147.0.0.0 Safari/537.36 Edg/147.0.0.0 Teams/26106.2110.4675.2592 (50)",
			"Edge 147");

	@ParameterizedTest
	@MethodSource("cases")
	void parseWhenUapCoreCaseThenBrowserAsExpected(JsonNode testCase) {
		String userAgent = testCase.get("user_agent_string").asString();
		String expected = version(testCase.get("browser"), false);
		String divergent = UAP_JAVA_1_6_1_BROWSER_DIVERGENCES.get(userAgent);
		if (divergent != null) {
			assertThat(divergent).as("a listed divergence must still differ from uap-core").isNotEqualTo(expected);
			expected = divergent;
		}
		assertThat(userAgents.parse(userAgent).browser()).isEqualTo(expected);
	}

	@ParameterizedTest
	@MethodSource("cases")
	void parseWhenUapCoreCaseThenOsAsExpected(JsonNode testCase) {
		JsonNode os = testCase.get("os");
		String actual = userAgents.parse(testCase.get("user_agent_string").asString()).os();
		String expected = version(os, true);
		if (os.has("minor") || os.get("major").isNull()) {
			assertThat(actual).isEqualTo(expected);
		}
		else {
			// the file gives only the major version where uap-core has no OS test for the string
			assertThat(actual).matches(Pattern.quote(expected) + "(\\.\\d+)?");
		}
	}

	@ParameterizedTest
	@MethodSource("cases")
	void parseWhenUapCoreCaseThenTypeOfExpectedDevice(JsonNode testCase) {
		String family = testCase.get("device").get("family").asString();
		String expected = "Other".equals(family)
				? (DESKTOP_SYSTEMS.contains(testCase.get("os").get("family").asString()) ? Device.DESKTOP : Device.UNKNOWN)
				: TYPE_OF_DEVICE_FAMILY.get(family);
		assertThat(expected).as("device family %s needs an entry in the table", family).isNotNull();
		assertThat(userAgents.parse(testCase.get("user_agent_string").asString()).type()).isEqualTo(expected);
	}

	/** {@code Family Major} (or, for an OS, {@code Family Major.Minor}) as UserAgents writes it; null for Other. */
	private static String version(JsonNode node, boolean withMinor) {
		String family = node.get("family").asString();
		if ("Other".equals(family)) {
			return null;
		}
		JsonNode major = node.get("major");
		if (major == null || major.isNull()) {
			return family;
		}
		JsonNode minor = node.get("minor");
		boolean hasMinor = withMinor && minor != null && !minor.isNull();
		return family + " " + major.asString() + (hasMinor ? "." + minor.asString() : "");
	}

	static Stream<Arguments> cases() throws IOException {
		try (InputStream in = UapCoreUserAgentsTests.class.getResourceAsStream("/testdata/useragents/user-agents.json")) {
			JsonNode cases = JsonMapper.builder().build().readTree(in).get("cases");
			assertThat(cases.size()).isEqualTo(40);
			return StreamSupport.stream(cases.spliterator(), false)
				.map((c) -> argumentSet(c.get("group").asString() + ": " + c.get("user_agent_string").asString(), c));
		}
	}
}

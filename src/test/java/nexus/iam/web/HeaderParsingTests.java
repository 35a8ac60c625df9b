package nexus.iam.web;

import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;

/** The hand-written header checks that replace regular expressions on the hot path. */
class HeaderParsingTests {

	/** Spring Security's default header-value rule, which the loop must match. */
	private static final Pattern FIREWALL_DEFAULT = Pattern.compile("[\\p{IsAssigned}&&[^\\p{IsControl}]]*");

	@Test
	void bearerTokenWhenWellFormedThenTheToken() {
		assertThat(AccessTokenAuthenticationFilter.bearerToken("Bearer abc.DEF-_~+/9==")).isEqualTo("abc.DEF-_~+/9==");
		assertThat(AccessTokenAuthenticationFilter.bearerToken("bearer  abc ")).isEqualTo("abc");
	}

	@ParameterizedTest
	@ValueSource(strings = { "Basic YWxhZGRpbjpvcGVu", "Bearer", "Bearer ", "Bearer ==", "Bearer a=b", "Bearer a b",
			"Bearer a\"b", "Bearer a,b", "Bearerabc", "Bearer é" })
	void bearerTokenWhenMalformedThenNull(String header) {
		assertThat(AccessTokenAuthenticationFilter.bearerToken(header)).isNull();
	}

	@ParameterizedTest
	@ValueSource(strings = { "plain", "Bearer eyJ.eyJ.sig", "naïve café", "日本語", "", "x\u0000y", "tab\there", "del\u007f",
			"c1\u0085", "unassigned\u0378", "line\nbreak", "emoji \uD83D\uDE00" })
	void headerValueRuleMatchesSpringSecuritysDefault(String value) {
		assertThat(SecurityConfiguration.isAllowedHeaderValue(value)).as(value)
			.isEqualTo(FIREWALL_DEFAULT.matcher(value).matches());
	}
}

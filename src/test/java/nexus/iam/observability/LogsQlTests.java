package nexus.iam.observability;

import java.util.Map;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class LogsQlTests {

	private static final Map<String, String> FAILED_CALLBACK = Map.of("_msg", "Request completed", "service",
			"nexus-iam", "logger", "nexus.iam.access", "endpoint", "/api/auth/{provider}/callback", "status", "400",
			"ip", "203.0.113.7");

	private static final Map<String, String> AUDIT = Map.of("_msg",
			"audit type=sign_in_failed user=null session=null details={provider=google}", "service", "nexus-iam",
			"logger", "nexus.iam.audit");

	@Test
	void exactRangeAndBooleanFiltersMatchAsVictoriaLogsWould() {
		LogsQl query = LogsQl.parse("{service=\"nexus-iam\"} logger:=\"nexus.iam.access\" "
				+ "((endpoint:=\"/api/auth/{provider}/callback\" status:>=400) or status:=401) | stats by (ip) count() as failures");

		assertThat(query.matches(FAILED_CALLBACK)).isTrue();
		assertThat(query.matches(Map.of("logger", "nexus.iam.access", "service", "nexus-iam", "status", "401")))
			.isTrue();
		assertThat(query.matches(Map.of("logger", "nexus.iam.access", "service", "nexus-iam", "endpoint",
				"/api/auth/{provider}/callback", "status", "302")))
			.isFalse();
		assertThat(query.fields()).containsExactlyInAnyOrder("service", "logger", "endpoint", "status", "ip");
	}

	@Test
	void aPhraseIsLookedForInTheMessage() {
		LogsQl query = LogsQl.parse("logger:=nexus.iam.audit \"type=sign_in_failed\"");

		assertThat(query.matches(AUDIT)).isTrue();
		assertThat(query.matches(FAILED_CALLBACK)).isFalse();
		assertThat(query.fields()).containsExactlyInAnyOrder("logger", "_msg");
	}

	@Test
	void anyValueAndNegationAndTheFieldsStatsFunctionsRead() {
		LogsQl query = LogsQl.parse("user_id:* not level:=error | stats count_uniq(user_id) as users | sort by (users desc)");

		assertThat(query.matches(Map.of("user_id", "u1", "level", "info"))).isTrue();
		assertThat(query.matches(Map.of("user_id", "u1", "level", "error"))).isFalse();
		assertThat(query.matches(Map.of("level", "info"))).isFalse();
		assertThat(query.fields()).containsExactlyInAnyOrder("user_id", "level");
	}

	@Test
	void theFieldsAPipeKeepsAreFieldsItReads() {
		LogsQl query = LogsQl.parse("level:=error | fields _time, _msg, error.type | limit 5");

		assertThat(query.fields()).containsExactlyInAnyOrder("level", "_time", "_msg", "error.type");
	}

	@Test
	void whatThisCheckDoesNotUnderstandIsRefusedNotIgnored() {
		assertThatIllegalArgumentException().isThrownBy(() -> LogsQl.parse("error"));
		assertThatIllegalArgumentException().isThrownBy(() -> LogsQl.parse("level:~\"err.*\""));
		assertThatIllegalArgumentException().isThrownBy(() -> LogsQl.parse("* | extract \"ip=<ip>\""));
	}
}

package nexus.iam.observability;

import java.util.List;

import org.junit.jupiter.api.Test;

import nexus.iam.observability.PromQl.Selector;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

class PromQlTests {

	@Test
	void selectorsAreTheMetricNamesWithTheirMatchersNotFunctionsOrLabels() {
		List<Selector> selectors = PromQl.selectors(
				"histogram_quantile(0.99, sum by (le, endpoint) (rate(http_request_duration_seconds_bucket{job=\"nexus-iam\", endpoint=~\"$endpoint\"}[$__rate_interval])))");

		assertThat(selectors).containsExactly(new Selector("http_request_duration_seconds_bucket",
				"{job=\"nexus-iam\", endpoint=~\"$endpoint\"}"));
	}

	@Test
	void aggregationsKeywordsNumbersAndDurationsAreNoMetrics() {
		List<Selector> selectors = PromQl.selectors("""
				(sum(rate(http_requests_total{status=~"5.."}[5m] offset 1h)) or vector(0))
				  / sum without (instance) (rate(http_requests_total[5m])) > bool 0.05
				and on (instance) group_left (pool) topk(3, hikaricp_connections_active) unless max(up) < 1e3""");

		assertThat(selectors).extracting(Selector::metric)
			.containsExactly("http_requests_total", "http_requests_total", "hikaricp_connections_active", "up");
	}

	@Test
	void stringsAndMatchersMayHoldAnythingWithoutBeingRead() {
		List<Selector> selectors = PromQl.selectors(
				"label_replace(auth_login_total{provider=\"a}b{c\"}, \"x\", \"$1\", \"provider\", \"(sum) by (x)\") # comment metric_name");

		assertThat(selectors).containsExactly(new Selector("auth_login_total", "{provider=\"a}b{c\"}"));
	}

	@Test
	void aHistogramsPartsAreKeptAsWrittenForTheCallerToMap() {
		assertThat(PromQl.selectors("rate(x_sum[1m]) / rate(x_count[1m])")).extracting(Selector::metric)
			.containsExactly("x_sum", "x_count");
	}

	@Test
	void anUnbalancedBracketIsAnError() {
		assertThatIllegalArgumentException().isThrownBy(() -> PromQl.selectors("sum(up{job=\"x\")"));
	}
}

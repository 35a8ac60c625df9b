package nexus.iam.web;

import java.util.List;

import org.junit.jupiter.api.Test;

import org.springframework.mock.web.MockFilterChain;
import org.springframework.mock.web.MockHttpServletRequest;
import org.springframework.mock.web.MockHttpServletResponse;

import nexus.iam.device.ClientRequests;

import static org.assertj.core.api.Assertions.assertThat;

class TrustedProxyFilterTests {

	private final TrustedProxyFilter filter = new TrustedProxyFilter(List.of("10.0.0.0/8"));

	@Test
	void filterWhenPeerIsTrustedProxyThenRequestMarkedAndClientFromForwardedFor() throws Exception {
		MockFilterChain chain = filter("10.1.2.3", this.filter);
		assertThat(chain.getRequest().getAttribute(ClientRequests.TRUSTED_PROXY_ATTRIBUTE)).isEqualTo(Boolean.TRUE);
		assertThat(chain.getRequest().getRemoteAddr()).isEqualTo("203.0.113.9");
	}

	@Test
	void filterWhenPeerIsNotTrustedThenRequestNotMarked() throws Exception {
		MockFilterChain chain = filter("198.51.100.7", this.filter);
		assertThat(chain.getRequest().getAttribute(ClientRequests.TRUSTED_PROXY_ATTRIBUTE)).isNull();
		assertThat(chain.getRequest().getRemoteAddr()).isEqualTo("198.51.100.7");
	}

	@Test
	void filterWhenNoTrustedProxiesConfiguredThenRequestNotMarked() throws Exception {
		MockFilterChain chain = filter("10.1.2.3", new TrustedProxyFilter(List.of()));
		assertThat(chain.getRequest().getAttribute(ClientRequests.TRUSTED_PROXY_ATTRIBUTE)).isNull();
	}

	private static MockFilterChain filter(String peer, TrustedProxyFilter filter) throws Exception {
		MockHttpServletRequest request = new MockHttpServletRequest();
		request.setRemoteAddr(peer);
		request.addHeader("X-Forwarded-For", "203.0.113.9");
		MockFilterChain chain = new MockFilterChain();
		filter.doFilter(request, new MockHttpServletResponse(), chain);
		return chain;
	}
}

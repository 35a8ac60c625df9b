package nexus.iam.device;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.NullAndEmptySource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

/** Current browsers and the device-type rules beyond the uap-core corpus (see UapCoreUserAgentsTests). */
class UserAgentsTests {

	private static final UserAgents userAgents = new UserAgents();

	@ParameterizedTest
	@CsvSource(delimiter = '|', nullValues = "-", textBlock = """
			Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:120.0) Gecko/20100101 Firefox/120.0 | desktop | Firefox 120 | Windows 10
			Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 Edg/120.0.0.0 | desktop | Edge 120 | Windows 10
			Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Safari/605.1.15 | desktop | Safari 17 | Mac OS X 10.15
			Mozilla/5.0 (X11; Linux x86_64; rv:120.0) Gecko/20100101 Firefox/120.0 | desktop | Firefox 120 | Linux
			Mozilla/5.0 (X11; FreeBSD amd64; rv:120.0) Gecko/20100101 Firefox/120.0 | desktop | Firefox 120 | FreeBSD
			Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 | desktop | Chrome 120 | Chrome OS 14541.0
			Mozilla/5.0 (iPhone; CPU iPhone OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1 | mobile | Mobile Safari 17 | iOS 17.1
			Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Mobile Safari/537.36 | mobile | Chrome Mobile 120 | Android 10
			Mozilla/5.0 (Mobile; Windows Phone 8.1; Android 4.0; ARM; Trident/7.0; Touch; rv:11.0; IEMobile/11.0; NOKIA; Lumia 635) like iPhone OS 7_0_3 Mac OS X AppleWebKit/537 (KHTML, like Gecko) Mobile Safari/537 | mobile | IE Mobile 11 | Windows Phone 8.1
			Mozilla/5.0 (Mobile; rv:48.0; A405DL) Gecko/48.0 Firefox/48.0 KAIOS/2.5 | mobile | Firefox Mobile 48 | KaiOS 2.5
			Mozilla/5.0 (iPad; CPU OS 17_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.1 Mobile/15E148 Safari/604.1 | tablet | Mobile Safari 17 | iOS 17.1
			Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/120.0.0.0 Safari/537.36 | tablet | Chrome 120 | Android 10
			Mozilla/5.0 (Linux; Android 9; KFTRWI) AppleWebKit/537.36 (KHTML, like Gecko) Silk/118.3.1 like Chrome/118.0.5993.159 Safari/537.36 | tablet | Amazon Silk 118 | Android 9
			Mozilla/5.0 (PlayBook; U; RIM Tablet OS 2.1.0; en-US) AppleWebKit/536.2+ (KHTML, like Gecko) Version/7.2.1.0 Safari/536.2+ | tablet | BlackBerry WebKit 2 | BlackBerry Tablet OS 2.1
			Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm) | bot | bingbot 2 | -
			Mozilla/5.0 (SMART-TV; Linux; Tizen 6.0) AppleWebKit/537.36 (KHTML, like Gecko) SamsungBrowser/4.0 Chrome/76.0.3809.146 TV Safari/537.36 | unknown | Samsung Internet 4 | Tizen 6.0
			Mozilla/5.0 (Linux; U; en-US) AppleWebKit/528.5+ (KHTML, like Gecko, Safari/528.5+) Version/4.0 Kindle/3.0 (screen 600x800; rotate) | tablet | Kindle 3 | Kindle 3.0
			Mozilla/5.0 (X11; U; Linux x86_64; en-US) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/41.0.2272.118 Safari/537.36 Puffin/4.8.0.2965AT | tablet | Puffin 4 | Linux
			Mozilla/5.0 (X11; U; Linux x86_64; en-US) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/41.0.2272.118 Safari/537.36 Puffin/4.8.0.2965IT | tablet | Puffin 4 | Linux
			Mozilla/5.0 (X11; U; Linux x86_64; en-US) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/41.0.2272.118 Safari/537.36 Puffin/4.8.0.2965AP | mobile | Puffin 4 | Linux
			Mozilla/5.0 (X11; U; Linux x86_64; en-US) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/41.0.2272.118 Safari/537.36 Puffin/4.8.0.2965IP | mobile | Puffin 4 | Linux
			BlackBerry9700/5.0.0.351 Profile/MIDP-2.1 Configuration/CLDC-1.1 VendorID/123 | mobile | BlackBerry 9700 | BlackBerry OS 5.0
			Mozilla/5.0 (SymbianOS/9.4; Series60/5.0 NokiaN97-1/12.0.024; Profile/MIDP-2.1 Configuration/CLDC-1.1; en-us) AppleWebKit/525 (KHTML, like Gecko) BrowserNG/7.1.18124 | mobile | Nokia Browser 7 | Symbian OS 9.4
			Vodafone/1.0/V802SE/SEJ001 Browser/SEMC-Browser/4.1 | mobile | SEMC-Browser 4 | -
			Mozilla/5.0 (Linux; Tizen 2.3; SAMSUNG SM-Z130H) AppleWebKit/537.3 (KHTML, like Gecko) SamsungBrowser/1.0 Mobile Safari/537.3 | mobile | Samsung Internet 1 | Tizen 2.3
			curl/8.4.0 | unknown | curl 8 | -
			xyzzy | unknown | - | -
			""")
	void parseThenTypeBrowserAndOs(String userAgent, String type, String browser, String os) {
		assertThat(userAgents.parse(userAgent)).isEqualTo(new Device(type, browser, os));
	}

	@ParameterizedTest
	@NullAndEmptySource
	@ValueSource(strings = { " ", "\t" })
	void parseWhenNoUserAgentThenUnknown(String userAgent) {
		assertThat(userAgents.parse(userAgent)).isEqualTo(new Device(Device.UNKNOWN, null, null));
	}

	@Test
	void parseWhenSameUserAgentAgainThenTheCachedAnswer() {
		String userAgent = "Mozilla/5.0 (X11; Linux x86_64; rv:121.0) Gecko/20100101 Firefox/121.0";
		assertThat(userAgents.parse(userAgent)).isSameAs(userAgents.parse(userAgent));
	}

	@Test
	void parseWhenLongerThanTheLimitThenOnlyTheFirst512CharactersCount() {
		// the browser's token sits past the limit, so it must not be seen
		String userAgent = "Mozilla/5.0 (X11; Linux x86_64) " + "x".repeat(500) + " Firefox/120.0";
		assertThat(userAgents.parse(userAgent).browser()).isNull();
		assertThat(userAgents.parse(userAgent).os()).isEqualTo("Linux");
	}

	@Test
	void truncateWhenLongThenCutAt512() {
		assertThat(UserAgents.truncate("a".repeat(600))).hasSize(512);
		assertThat(UserAgents.truncate("a".repeat(512))).hasSize(512);
		assertThat(UserAgents.truncate("Firefox")).isEqualTo("Firefox");
		assertThat(UserAgents.truncate("  ")).isNull();
		assertThat(UserAgents.truncate(null)).isNull();
	}

	@Test
	void truncateWhenCutWouldSplitASurrogatePairThenBeforeIt() {
		String truncated = UserAgents.truncate("a".repeat(511) + "\uD83D\uDE00" + "b");
		assertThat(truncated).isEqualTo("a".repeat(511));
	}

	@Test
	void deviceWhenTypeIsNotOneOfTheFiveThenRejected() {
		assertThatIllegalArgumentException().isThrownBy(() -> new Device("phone", null, null));
	}
}

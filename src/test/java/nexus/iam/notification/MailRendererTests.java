package nexus.iam.notification;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Locale;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

import tools.jackson.core.type.TypeReference;
import tools.jackson.databind.json.JsonMapper;

import nexus.iam.identity.Recipient;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every notice in every language, rendered from the payload {@link SecurityNotifications} stores,
 * read back from JSON as the dispatcher reads it.
 */
class MailRendererTests {

	private static final JsonMapper JSON = JsonMapper.builder().build();

	private static final Instant SIGNED_IN = Instant.parse("2025-03-14T09:26:53Z");

	private static final Clock NOW = Clock.fixed(Instant.parse("2025-03-15T18:05:00Z"), ZoneOffset.UTC);

	private static final SignInFacts FACTS = new SignInFacts("Mobile", "Firefox 128", "Android 14", "203.0.113.7",
			"Berlin, Germany", SIGNED_IN, "google");

	private final MailRenderer renderer = new MailRenderer("https://iam.nexus.example");

	static Stream<Arguments> subjects() {
		return Stream.of(Arguments.of(SecurityNotice.NEW_DEVICE_SIGN_IN, "en", "New sign-in to your Nexus account"),
				Arguments.of(SecurityNotice.NEW_DEVICE_SIGN_IN, "de", "Neue Anmeldung bei Ihrem Nexus-Konto"),
				Arguments.of(SecurityNotice.SESSION_SIGNED_OUT_REMOTELY, "en",
						"A session of your Nexus account was signed out"),
				Arguments.of(SecurityNotice.SESSION_SIGNED_OUT_REMOTELY, "de",
						"Eine Sitzung Ihres Nexus-Kontos wurde abgemeldet"),
				Arguments.of(SecurityNotice.ALL_SESSIONS_SIGNED_OUT, "en", "Your Nexus sessions were signed out"),
				Arguments.of(SecurityNotice.ALL_SESSIONS_SIGNED_OUT, "de", "Ihre Nexus-Sitzungen wurden abgemeldet"),
				Arguments.of(SecurityNotice.REFRESH_TOKEN_REUSE, "en",
						"A session of your Nexus account was ended for your safety"),
				Arguments.of(SecurityNotice.REFRESH_TOKEN_REUSE, "de",
						"Eine Sitzung Ihres Nexus-Kontos wurde zu Ihrer Sicherheit beendet"),
				Arguments.of(SecurityNotice.IDENTITY_LINKED, "en", "A sign-in method was added to your Nexus account"),
				Arguments.of(SecurityNotice.IDENTITY_LINKED, "de",
						"Ihrem Nexus-Konto wurde eine Anmeldemethode hinzugefügt"),
				Arguments.of(SecurityNotice.IDENTITY_UNLINKED, "en",
						"A sign-in method was removed from your Nexus account"),
				Arguments.of(SecurityNotice.IDENTITY_UNLINKED, "de",
						"Von Ihrem Nexus-Konto wurde eine Anmeldemethode entfernt"),
				Arguments.of(SecurityNotice.TOTP_ENABLED, "en", "Two-factor authentication is on for your Nexus account"),
				Arguments.of(SecurityNotice.TOTP_ENABLED, "de",
						"Die Zwei-Faktor-Authentifizierung Ihres Nexus-Kontos ist eingeschaltet"),
				Arguments.of(SecurityNotice.TOTP_DISABLED, "en",
						"Two-factor authentication was turned off for your Nexus account"),
				Arguments.of(SecurityNotice.TOTP_DISABLED, "de",
						"Die Zwei-Faktor-Authentifizierung Ihres Nexus-Kontos wurde ausgeschaltet"),
				Arguments.of(SecurityNotice.RECOVERY_CODES_REGENERATED, "en",
						"New recovery codes were made for your Nexus account"),
				Arguments.of(SecurityNotice.RECOVERY_CODES_REGENERATED, "de",
						"Für Ihr Nexus-Konto wurden neue Wiederherstellungscodes erstellt"));
	}

	@ParameterizedTest(name = "{0} in {1}")
	@MethodSource("subjects")
	void renderWhenAnyNoticeInAnyLanguageThenLocalisedAndEveryMessageFound(SecurityNotice notice, String language,
			String subject) {
		MailMessage mail = render(notice, language);

		assertThat(mail.subject()).isEqualTo(subject);
		assertThat(mail.to()).isEqualTo("anna@example.com");
		assertThat(mail.toName()).isEqualTo("Anna");
		String greeting = language.equals("de") ? "Hallo Anna," : "Hello Anna,";
		String accountPage = language.equals("de") ? "Ihre Kontoseite" : "Your account page";
		String when = (notice == SecurityNotice.NEW_DEVICE_SIGN_IN) ? "2025-03-14 09:26 UTC" : "2025-03-15 18:05 UTC";
		for (String body : new String[] { mail.text(), mail.html() }) {
			// Thymeleaf shows a missing message as ??key_locale??
			assertThat(body).doesNotContain("??")
				.doesNotContain("[(", "[#", "${", "#{")
				.contains(greeting, accountPage, "https://iam.nexus.example/account", when);
		}
		assertThat(mail.text()).startsWith(greeting).doesNotContain("<");
		assertThat(mail.html()).startsWith("<!DOCTYPE html>")
			.contains("<html lang=\"" + language + "\">", "<title>" + subject + "</title>",
					"<a href=\"https://iam.nexus.example/account\"")
			.doesNotContain("th:text", "th:replace");
	}

	@Test
	void renderNewDeviceSignInThenEveryFactInBothParts() {
		MailMessage mail = render(SecurityNotice.NEW_DEVICE_SIGN_IN, "en");

		assertThat(mail.text()).contains("Your Nexus account was just signed in to from a device",
				"When: 2025-03-14 09:26 UTC", "Device: Mobile", "Browser: Firefox 128", "Operating system: Android 14",
				"IP address: 203.0.113.7", "Approximate location: Berlin, Germany", "Signed in with: google",
				"If it wasn't, sign out all sessions", "Your account page: https://iam.nexus.example/account");
		assertThat(mail.html()).contains(">Device</th>", ">Mobile</td>", ">Firefox 128</td>", ">Android 14</td>",
				">203.0.113.7</td>", ">Berlin, Germany</td>", ">google</td>", ">2025-03-14 09:26 UTC</td>",
				"If it wasn&#39;t, sign out all sessions");
	}

	@Test
	void renderNewDeviceSignInWhenGermanThenGermanLabels() {
		MailMessage mail = render(SecurityNotice.NEW_DEVICE_SIGN_IN, "de");

		assertThat(mail.text()).contains("Zeitpunkt: 2025-03-14 09:26 UTC", "Gerät: Mobile", "Betriebssystem: Android 14",
				"IP-Adresse: 203.0.113.7", "Ungefährer Standort: Berlin, Germany", "Wenn Sie das waren, ist nichts zu tun.");
		assertThat(mail.html()).contains(">Gerät</th>", ">Ungefährer Standort</th>");
	}

	@Test
	void renderSessionSignedOutRemotelyThenWhenItEndedAndWhenItBegan() {
		MailMessage mail = render(SecurityNotice.SESSION_SIGNED_OUT_REMOTELY, "en");

		assertThat(mail.text()).contains("One of your sessions was signed out from another device.",
				"When: 2025-03-15 18:05 UTC", "Signed in: 2025-03-14 09:26 UTC", "Browser: Firefox 128",
				"IP address: 203.0.113.7");
	}

	@Test
	void renderAllSessionsSignedOutThenCountAndWhetherTheCurrentOneStays() {
		MailMessage kept = render(stored((n) -> n.allSessionsSignedOut(UUID.randomUUID(), 3, true)), "en");
		MailMessage all = render(stored((n) -> n.allSessionsSignedOut(UUID.randomUUID(), 1, false)), "en");
		MailMessage keptDe = render(stored((n) -> n.allSessionsSignedOut(UUID.randomUUID(), 3, true)), "de");

		assertThat(kept.text()).contains("3 sessions were signed out of your account.",
				"The session used to do this stays signed in.");
		assertThat(all.text()).contains("One session was signed out of your account.",
				"Every session was signed out, including the one used to do this.");
		assertThat(all.html()).contains("One session was signed out of your account.");
		assertThat(keptDe.text()).contains("3 Sitzungen wurden von Ihrem Konto abgemeldet.",
				"Die Sitzung, von der aus das geschah, bleibt angemeldet.");
	}

	@Test
	void renderRefreshTokenReuseWhenLocationUnknownThenSaysSo() {
		MailMessage en = render(stored((n) -> n.refreshTokenReuse(UUID.randomUUID(), "198.51.100.4", null)), "en");
		MailMessage de = render(stored((n) -> n.refreshTokenReuse(UUID.randomUUID(), null, null)), "de");

		assertThat(en.text()).contains("was used a second time", "IP address: 198.51.100.4",
				"Approximate location: unknown");
		assertThat(de.text()).contains("IP-Adresse: unbekannt", "Ungefährer Standort: unbekannt");
		assertThat(de.html()).contains(">unbekannt</td>");
	}

	@Test
	void renderWhenDeviceStringsAreHostileThenHtmlEscapesThemAndTextKeepsOneLine() {
		SignInFacts hostile = new SignInFacts("<script>alert(1)</script>", "Evil\r\nBcc: victim@example.com",
				"<img src=x onerror=alert(2)>", "203.0.113.7", "\"><a href=\"https://phish.example\">here</a>", SIGNED_IN,
				"google");
		MailMessage mail = render(stored((n) -> n.newDeviceSignIn(UUID.randomUUID(), hostile)), "en");

		assertThat(mail.html()).doesNotContain("<script>", "<img", "<a href=\"https://phish.example\"")
			.contains("&lt;script&gt;alert(1)&lt;/script&gt;", "&lt;img src=x onerror=alert(2)&gt;",
					"&quot;&gt;&lt;a href=&quot;https://phish.example&quot;&gt;here&lt;/a&gt;");
		assertThat(mail.text()).contains("Browser: Evil Bcc: victim@example.com").doesNotContain("\nBcc:");
	}

	@Test
	void renderWhenNoNameThenPlainGreeting() {
		MailMessage mail = this.renderer.render(SecurityNotice.REFRESH_TOKEN_REUSE,
				stored((n) -> n.refreshTokenReuse(UUID.randomUUID(), null, null)).payload(), "anna@example.com",
				new Recipient("anna@example.com", true, null, "en"));

		assertThat(mail.text()).startsWith("Hello,\n");
		assertThat(mail.toName()).isNull();
	}

	@Test
	void localeWhenGivenAsProvidersDoThenLanguageFoundAndEnglishOtherwise() {
		assertThat(MailRenderer.locale("de")).isEqualTo(Locale.GERMAN);
		assertThat(MailRenderer.locale("de_AT").getLanguage()).isEqualTo("de");
		assertThat(MailRenderer.locale("de-CH").getLanguage()).isEqualTo("de");
		assertThat(MailRenderer.locale(null)).isEqualTo(Locale.ENGLISH);
		assertThat(MailRenderer.locale(" ")).isEqualTo(Locale.ENGLISH);
		assertThat(MailRenderer.locale("!!")).isEqualTo(Locale.ENGLISH);
	}

	@Test
	void renderWhenLanguageHasNoBundleThenEnglishNotTheServersLanguage() {
		Locale before = Locale.getDefault();
		Locale.setDefault(Locale.GERMANY);
		try {
			MailMessage french = render(SecurityNotice.NEW_DEVICE_SIGN_IN, "fr");
			assertThat(french.subject()).isEqualTo("New sign-in to your Nexus account");
			assertThat(french.html()).contains("<html lang=\"en\">");
			assertThat(render(SecurityNotice.NEW_DEVICE_SIGN_IN, null).subject()).isEqualTo(
					"New sign-in to your Nexus account");
		}
		finally {
			Locale.setDefault(before);
		}
	}

	@Test
	void cleanWhenControlCharactersOrTooLongThenOneShortLine() {
		assertThat(SecurityNotifications.clean("  Fire\u202Efox\t 128 \n", 100)).isEqualTo("Fire fox 128");
		assertThat(SecurityNotifications.clean("x".repeat(150), 100)).hasSize(100).endsWith("x…");
		assertThat(SecurityNotifications.clean("\r\n", 100)).isNull();
		assertThat(SecurityNotifications.clean(null, 100)).isNull();
	}

	private MailMessage render(SecurityNotice notice, String language) {
		Stored stored = switch (notice) {
			case NEW_DEVICE_SIGN_IN -> stored((n) -> n.newDeviceSignIn(UUID.randomUUID(), FACTS));
			case SESSION_SIGNED_OUT_REMOTELY -> stored((n) -> n.sessionSignedOutRemotely(UUID.randomUUID(), FACTS));
			case ALL_SESSIONS_SIGNED_OUT -> stored((n) -> n.allSessionsSignedOut(UUID.randomUUID(), 2, true));
			case REFRESH_TOKEN_REUSE -> stored((n) -> n.refreshTokenReuse(UUID.randomUUID(), "203.0.113.7", "Berlin"));
			case IDENTITY_LINKED -> stored((n) -> n.identityLinked(UUID.randomUUID(), "apple"));
			case IDENTITY_UNLINKED -> stored((n) -> n.identityUnlinked(UUID.randomUUID(), "google"));
			case TOTP_ENABLED -> stored((n) -> n.totpEnabled(UUID.randomUUID()));
			case TOTP_DISABLED -> stored((n) -> n.totpDisabled(UUID.randomUUID()));
			case RECOVERY_CODES_REGENERATED -> stored((n) -> n.recoveryCodesRegenerated(UUID.randomUUID()));
			case PASSKEY_ADDED -> stored((n) -> n.passkeyAdded(UUID.randomUUID(), "Laptop"));
			case PASSKEY_COUNTER_REGRESSED -> stored((n) -> n.passkeyCounterRegressed(UUID.randomUUID(), "Laptop"));
		};
		return render(stored, language);
	}

	private MailMessage render(Stored stored, String language) {
		return this.renderer.render(stored.notice(), stored.payload(), "anna@example.com",
				new Recipient("anna@example.com", true, "Anna", language));
	}

	/** What one call of {@link SecurityNotifications} writes to the outbox, read back as the dispatcher does. */
	private static Stored stored(Consumer<SecurityNotifications> notify) {
		AtomicReference<Stored> stored = new AtomicReference<>();
		OutboxRepository repository = new OutboxRepository(null) {
			@Override
			void insert(UUID userId, String kind, String payloadJson, Instant now, Instant due) {
				stored.set(new Stored(SecurityNotice.of(kind).orElseThrow(),
						JSON.readValue(payloadJson, new TypeReference<Map<String, Object>>() {
						})));
			}
		};
		notify.accept(new SecurityNotifications(repository, JSON, NOW));
		return stored.get();
	}

	private record Stored(SecurityNotice notice, Map<String, Object> payload) {
	}
}

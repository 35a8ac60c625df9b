package nexus.iam.notification;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

import org.jspecify.annotations.Nullable;
import org.thymeleaf.context.Context;
import org.thymeleaf.spring6.SpringTemplateEngine;
import org.thymeleaf.templatemode.TemplateMode;
import org.thymeleaf.templateresolver.ClassLoaderTemplateResolver;

import org.springframework.context.support.ResourceBundleMessageSource;

import nexus.iam.identity.Recipient;

/**
 * Turns an outbox row into an e-mail in the recipient's language: {@code templates/mail/<kind>.txt}
 * (text mode) and {@code .html} (HTML mode, which escapes every value), with the wording from
 * {@code mail/messages*.properties}; English for any language without a bundle. A template engine
 * of its own, apart from the web pages' one, so that neither's settings leak into the other.
 */
final class MailRenderer {

	static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'", Locale.ROOT)
		.withZone(ZoneOffset.UTC);

	private final SpringTemplateEngine engine = new SpringTemplateEngine();

	private final ResourceBundleMessageSource messages = new ResourceBundleMessageSource();

	private final String accountUrl;

	MailRenderer(String baseUrl) {
		this.accountUrl = baseUrl + "/account";
		this.messages.setBasename("mail/messages");
		this.messages.setDefaultEncoding(StandardCharsets.UTF_8.name());
		// English, not the server's own language, for a user whose language has no bundle
		this.messages.setFallbackToSystemLocale(false);
		// every message through MessageFormat, so that an apostrophe is always written twice
		this.messages.setAlwaysUseMessageFormat(true);
		this.engine.setTemplateEngineMessageSource(this.messages);
		this.engine.addTemplateResolver(resolver(TemplateMode.TEXT, "*.txt", 1));
		this.engine.addTemplateResolver(resolver(TemplateMode.HTML, "*.html", 2));
	}

	MailMessage render(SecurityNotice notice, Map<String, Object> payload, String to, Recipient recipient) {
		Locale locale = locale(recipient.locale());
		Context context = new Context(locale);
		payload.forEach((key, value) -> context.setVariable(key,
				key.endsWith("At") ? TIME.format(Instant.parse(value.toString())) : value));
		// the provider's name for the user is theirs to choose: one line, like the client's strings
		context.setVariable("name", SecurityNotifications.clean(recipient.displayName(), 100));
		context.setVariable("accountUrl", this.accountUrl);
		// the language of the bundle found, which for a language without one is English
		context.setVariable("lang", this.messages.getMessage("lang", null, locale));
		String subject = this.messages.getMessage(notice.value() + ".subject", null, locale);
		context.setVariable("subject", subject);
		context.setVariable("kind", notice.value());
		String template = template(notice);
		return new MailMessage(to, recipient.displayName(), subject, this.engine.process(template + ".txt", context),
				this.engine.process(template + ".html", context));
	}

	/**
	 * The notices that only say what changed on the account, when, and what to do share one
	 * template whose messages are looked up by {@code kind}; the others have their own.
	 */
	static String template(SecurityNotice notice) {
		return switch (notice) {
			case IDENTITY_LINKED, IDENTITY_UNLINKED, TOTP_ENABLED, TOTP_DISABLED, RECOVERY_CODES_REGENERATED, PASSKEY_ADDED,
					PASSKEY_COUNTER_REGRESSED ->
				"account_change";
			default -> notice.value();
		};
	}

	/** The user's language as providers give it ({@code de}, {@code de-AT}, {@code de_AT}); English when unknown. */
	static Locale locale(@Nullable String tag) {
		if (tag == null || tag.isBlank()) {
			return Locale.ENGLISH;
		}
		Locale locale = Locale.forLanguageTag(tag.strip().replace('_', '-'));
		return locale.getLanguage().isEmpty() ? Locale.ENGLISH : locale;
	}

	private static ClassLoaderTemplateResolver resolver(TemplateMode mode, String pattern, int order) {
		ClassLoaderTemplateResolver resolver = new ClassLoaderTemplateResolver();
		resolver.setPrefix("templates/mail/");
		resolver.setTemplateMode(mode);
		resolver.setResolvablePatterns(Set.of(pattern));
		resolver.setCharacterEncoding(StandardCharsets.UTF_8.name());
		resolver.setCacheable(true);
		resolver.setCheckExistence(true);
		resolver.setOrder(order);
		return resolver;
	}
}

package nexus.iam.notification;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import tools.jackson.databind.json.JsonMapper;

import nexus.iam.config.NexusProperties;
import nexus.iam.config.ProductionCheck;
import nexus.iam.config.Secrets;
import nexus.iam.identity.IdentityService;

@Configuration(proxyBeanMethods = false)
class NotificationConfiguration {

	private static final Logger log = LoggerFactory.getLogger(NotificationConfiguration.class);

	/**
	 * SMTP when a host is set, the log otherwise. Production may run without a mail server (the
	 * notices are a courtesy, the actions they report are logged and audited anyway) but says so.
	 * The sender is not a bean: Boot would add a mail health check that a mail outage turns DOWN.
	 */
	@Bean
	MailTransport mailTransport(MailProperties properties, NexusProperties nexus) {
		if (properties.configured()) {
			return new SmtpMailTransport(properties);
		}
		if (nexus.production()) {
			log.warn("NEXUS_MAIL_HOST is not set: security e-mails are written to the log, not sent");
		}
		return new LogMailTransport();
	}

	@Bean
	MailRenderer mailRenderer(NexusProperties nexus) {
		return new MailRenderer(nexus.baseUrl());
	}

	@Bean
	OutboxDispatcher outboxDispatcher(OutboxRepository repository, IdentityService identities, MailRenderer renderer,
			MailTransport transport, MailProperties properties, JsonMapper json, Clock clock,
			List<OutboxDelivery> deliveries) {
		return new OutboxDispatcher(repository, identities, renderer, transport, properties.outbox(), json, clock,
				deliveries);
	}

	@Bean
	OutboxWorker outboxWorker(OutboxDispatcher dispatcher, MailProperties properties, Clock clock) {
		return new OutboxWorker(dispatcher, properties, clock);
	}

	/**
	 * With a mail server, production needs a real sender (servers reject the development one) and,
	 * when it authenticates, a password that is not a default or placeholder.
	 */
	@Bean
	ProductionCheck mailProductionCheck(MailProperties properties) {
		return () -> {
			List<String> problems = new ArrayList<>();
			if (!properties.configured()) {
				return problems;
			}
			if (properties.from() == null || properties.from().isBlank()) {
				problems.add("NEXUS_MAIL_FROM is missing: with NEXUS_MAIL_HOST set, e-mails need a sender address");
			}
			if (properties.username() != null && !properties.username().isBlank()) {
				Secrets.issuedWeakness(properties.password())
					.ifPresent((why) -> problems.add("NEXUS_MAIL_PASSWORD " + why + " (NEXUS_MAIL_USERNAME is set)"));
			}
			return problems;
		};
	}
}

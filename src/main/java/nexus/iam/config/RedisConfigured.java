package nexus.iam.config;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Whether {@code nexus.redis.url} is set. A condition class rather than an expression: the URL may
 * hold a password, which must never be parsed as part of an expression or end up in its error.
 */
public final class RedisConfigured implements Condition {

	@Override
	public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
		return StringUtils.hasText(context.getEnvironment().getProperty("nexus.redis.url"));
	}

	/** The opposite: the in-process stand-ins are used. */
	public static final class Not implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return !StringUtils.hasText(context.getEnvironment().getProperty("nexus.redis.url"));
		}
	}
}

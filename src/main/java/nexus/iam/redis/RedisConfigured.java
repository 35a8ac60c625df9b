package nexus.iam.redis;

import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;
import org.springframework.util.StringUtils;

/**
 * Whether {@code nexus.redis.url} or {@code nexus.redis.sentinel.nodes} is set. A condition class
 * rather than an expression: the URL may hold a password, which must never be parsed as part of an
 * expression or end up in its error.
 */
public final class RedisConfigured implements Condition {

	@Override
	public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
		return configured(context);
	}

	static boolean configured(ConditionContext context) {
		return StringUtils.hasText(context.getEnvironment().getProperty("nexus.redis.url"))
				|| StringUtils.hasText(context.getEnvironment().getProperty("nexus.redis.sentinel.nodes"))
				|| StringUtils.hasText(context.getEnvironment().getProperty("nexus.redis.sentinel.nodes[0]"));
	}

	/** The opposite: the in-process stand-ins are used. */
	public static final class Not implements Condition {

		@Override
		public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
			return !configured(context);
		}
	}
}

package nexus.iam.redis;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Optional;

import org.springframework.core.Ordered;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;

import nexus.iam.config.ProductionCheck;
import nexus.iam.config.Secrets;

/** Checked in production: a Redis password, where one is given, is not a default. */
@Component
@Order(Ordered.HIGHEST_PRECEDENCE + 1)
final class RedisProductionCheck implements ProductionCheck {

	private final RedisProperties redis;

	RedisProductionCheck(RedisProperties redis) {
		this.redis = redis;
	}

	@Override
	public List<String> problems() {
		return redisPasswordProblem().stream().toList();
	}

	/** A Redis password is optional, but one in {@code NEXUS_REDIS_URL} must not be a default. */
	private Optional<String> redisPasswordProblem() {
		if (this.redis.password() != null && !this.redis.password().isEmpty()) {
			return Secrets.issuedWeakness(this.redis.password()).map((why) -> "NEXUS_REDIS_PASSWORD " + why);
		}
		if (!this.redis.configured() || this.redis.url() == null || this.redis.url().getRawUserInfo() == null) {
			return Optional.empty();
		}
		String userInfo = this.redis.url().getRawUserInfo();
		String password = URLDecoder.decode(userInfo.substring(userInfo.indexOf(':') + 1), StandardCharsets.UTF_8);
		// never the URL itself in the message: it holds the password
		return Secrets.issuedWeakness(password).map((why) -> "NEXUS_REDIS_URL: its password " + why);
	}
}

package nexus.iam.keystore;

import org.springframework.boot.context.properties.bind.Binder;
import org.springframework.context.annotation.Condition;
import org.springframework.context.annotation.ConditionContext;
import org.springframework.core.type.AnnotatedTypeMetadata;

import nexus.iam.token.TokenProperties.KeyStore;

/** Whether {@code nexus.token.key-store} is {@code database}, bound as the property itself is. */
final class DatabaseKeyStore implements Condition {

	@Override
	public boolean matches(ConditionContext context, AnnotatedTypeMetadata metadata) {
		return Binder.get(context.getEnvironment())
			.bind("nexus.token.key-store", KeyStore.class)
			.map((store) -> store == KeyStore.DATABASE)
			.orElse(false);
	}
}

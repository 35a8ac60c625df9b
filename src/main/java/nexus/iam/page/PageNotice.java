package nexus.iam.page;

import java.util.Arrays;

import org.jspecify.annotations.Nullable;

/**
 * The status line after a form was posted, chosen by a {@code notice} parameter in the URL: each
 * page's notices are an enum of its own that implements this, so that only those sentences are
 * ever shown, never text from the URL.
 */
public interface PageNotice {

	/** The value of the {@code notice} parameter. */
	String param();

	/** Something did not happen as asked: shown as a problem, not as a success. */
	boolean problem();

	/** The sentence shown. */
	String message();

	/** The notice of {@code type} that {@code param} names; null for none or an unknown one. */
	static <N extends Enum<N> & PageNotice> @Nullable N of(Class<N> type, @Nullable String param) {
		return Arrays.stream(type.getEnumConstants())
			.filter((notice) -> notice.param().equals(param))
			.findFirst()
			.orElse(null);
	}
}

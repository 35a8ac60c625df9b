package nexus.iam.observability;

import java.time.Instant;
import java.util.Locale;
import java.util.Map;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;

import org.springframework.boot.json.JsonWriter;
import org.springframework.boot.logging.structured.StructuredLogFormatter;

/**
 * One JSON object per line, in the platform's field names: {@code time} (RFC 3339, UTC),
 * {@code level}, {@code logger}, {@code message}, {@code request_id}, {@code user_id},
 * {@code trace_id}, {@code span_id}, the event's key-value pairs (the access line's
 * {@code endpoint}, {@code method}, {@code status}, {@code duration_ms}, {@code ip}), and
 * {@code error} with type, message and stack trace on failures.
 */
public final class JsonLogFormatter implements StructuredLogFormatter<ILoggingEvent> {

	private final JsonWriter<ILoggingEvent> writer = JsonWriter.<ILoggingEvent>of((members) -> {
		members.add("time", (event) -> Instant.ofEpochMilli(event.getTimeStamp()).toString());
		members.add("level", (event) -> event.getLevel().toString().toLowerCase(Locale.ROOT));
		members.add("logger", ILoggingEvent::getLoggerName);
		members.add("thread", ILoggingEvent::getThreadName);
		members.add("message", ILoggingEvent::getFormattedMessage);
		members.add(LogFields.REQUEST_ID, (event) -> mdc(event, LogFields.REQUEST_ID)).whenNotNull();
		members.add(LogFields.USER_ID, (event) -> mdc(event, LogFields.USER_ID)).whenNotNull();
		members.add("trace_id", (event) -> mdc(event, LogFields.TRACE_ID_MDC)).whenNotNull();
		members.add("span_id", (event) -> mdc(event, LogFields.SPAN_ID_MDC)).whenNotNull();
		members.add()
			.whenNotNull(ILoggingEvent::getKeyValuePairs)
			.usingPairs((event, pairs) -> event.getKeyValuePairs().forEach((pair) -> pairs.accept(pair.key, pair.value)));
		members.add("error", ILoggingEvent::getThrowableProxy).whenNotNull().usingMembers((error) -> {
			error.add("type", IThrowableProxy::getClassName);
			error.add("message", IThrowableProxy::getMessage).whenNotNull();
			error.add("stack_trace", ThrowableProxyUtil::asString);
		});
	}).withNewLineAtEnd();

	@Override
	public String format(ILoggingEvent event) {
		return this.writer.writeToString(event);
	}

	private static String mdc(ILoggingEvent event, String key) {
		Map<String, String> mdc = event.getMDCPropertyMap();
		return (mdc != null) ? mdc.get(key) : null;
	}
}

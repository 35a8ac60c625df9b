package nexus.iam.notification;

import java.util.UUID;

/**
 * A claimed outbox row, as an {@link OutboxDelivery} sees it.
 *
 * @param id the row's id, stable across attempts (a delivery may use it to make an attempt
 * idempotent on the receiving side)
 * @param userId whom it concerns
 * @param kind the delivery's kind
 * @param payloadJson what {@link Outbox#enqueue} was given
 * @param attempt which attempt this is, from 1
 * @param last whether it is the last one: a failure now is given up
 */
public record OutboxItem(long id, UUID userId, String kind, String payloadJson, int attempt, boolean last) {
}

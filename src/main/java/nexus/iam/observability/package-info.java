/**
 * What operators see of the running service: JSON log lines with request ids, one access line and
 * the HTTP metrics per request. Depends on no other feature; features use its field names.
 */
package nexus.iam.observability;

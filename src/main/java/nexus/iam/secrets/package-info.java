/**
 * Secrets read before the application starts: a SOPS-encrypted secrets file decrypted in memory,
 * {@code <VARIABLE>_FILE} files and a directory of secret files (Docker and Kubernetes secrets),
 * each turned into a property source that binds like environment variables.
 */
package nexus.iam.secrets;

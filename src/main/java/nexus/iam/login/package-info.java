/**
 * Finishing a sign-in, whatever method verified the person: {@code SignInCompletion} (sign in,
 * link, or offer the merge of an account) with its browser side {@code SignInResponses}, and what
 * every method shares (the pending-link cookie, the return-to rule, the list of sign-in methods).
 */
package nexus.iam.login;

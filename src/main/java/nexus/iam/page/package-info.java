/**
 * The plumbing of the server-rendered pages that a signed-in user sees (the account page, the
 * two-factor pages; an admin console next): who is viewing (refreshing an expired access token
 * with the refresh cookie), how a page answers (never cached, forms with a 303), and the one-line
 * notices after a form.
 */
package nexus.iam.page;

/** HTTP security: the filter chain, request authentication by access token, and its error responses. */
package nexus.iam.web;

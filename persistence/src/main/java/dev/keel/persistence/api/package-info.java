/** The approval API's tables: API keys stored hashed, idempotency records of decisions, and the API's proposal views. */
package dev.keel.persistence.api;

/** The approval API the platform's back end calls: proposals of an account, decisions, API keys, problem details. */
package dev.keel.scheduler.api;

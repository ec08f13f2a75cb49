/** Events that leave Keel: their kinds, Standard Webhooks signing, the retry and dead-letter rules, investors' emails. */
package dev.keel.domain.notification;

// The pages word the offer catalogue the core states as ids, target quartiles, lever moves and channel codes.

import { test } from "node:test";
import assert from "node:assert/strict";
import { FALLBACK_OFFER, OFFER_RULES, OFFER_TYPES } from "../../../src/analysis/segments/offer-rules.js";
import { CHANNEL_WORDS, OFFER_TEXTS, offerChannelWords, offerText, offerTitle } from "../../../src/components/offer-words.js";

test("every offer of the catalogue has its words, in the catalogue's order", () => {
  assert.deepEqual(OFFER_TEXTS.map((o) => o.type), OFFER_TYPES.map((o) => o.type));
  for (const o of OFFER_TEXTS) for (const [key, text] of Object.entries(o)) assert.ok(typeof text === "string" && text.length > 0 && !/undefined|NaN/.test(text), `${o.type}.${key}`);
  assert.equal(new Set(OFFER_TEXTS.map((o) => o.title)).size, OFFER_TEXTS.length, "titles tell the offers apart");
});

test("the lever moves are worded from the rules' numbers, with Russian plural forms and decimal comma", () => {
  assert.deepEqual(
    Object.fromEntries(OFFER_TEXTS.map((o) => [o.type, o.leverMove])),
    {
      cart_reminder: "неоплаченных товаров в корзине становится на 2 меньше (не ниже 0)",
      personal_promo: "доля покупок по акции снижается на 0,15 (не ниже 0)",
      home_recommendations: "на 2 страницы и на 1 категорию за визит больше",
      engagement_content: "на 3 минуты на сайте в месяц больше",
      apology_bonus: "на 2 сбоя меньше (не ниже 0)",
      loyalty_bonus: "рычаги не меняются",
    },
  );
});

test("whom an offer is for names the quartile its rule uses", () => {
  for (const rule of OFFER_RULES) {
    const words = offerText(rule.type)!.appliesTo;
    assert.match(words, rule.target.quartile === "upper" ? /верхн/ : /нижн/, rule.type);
  }
  assert.match(offerText(FALLBACK_OFFER.type)!.appliesTo, /ни одно правило/);
});

test("channels in words: the rule's with consent, the site without", () => {
  const mailing = OFFER_RULES.find((r) => r.channel === "mail")!;
  assert.equal(offerText(mailing.type)!.channel, "рассылка");
  assert.equal(offerChannelWords(mailing.type, "да"), CHANNEL_WORDS.mail);
  assert.equal(offerChannelWords(mailing.type, "нет"), "на сайте");
  assert.equal(offerChannelWords(FALLBACK_OFFER.type, "да"), "на сайте");
  assert.equal(offerChannelWords(null, "да"), "");
  assert.equal(offerTitle("cart_reminder"), "Напоминание о корзине со скидкой на ограниченное время");
  assert.equal(offerTitle("from_a_newer_analysis"), "from_a_newer_analysis", "an unknown id as it is");
});

// Level, addressed and entry-point badges: colour + shape + words, never colour alone.
import { h } from "./dom.js";
import { t } from "./i18n.js";

export const LEVEL_ICONS = ["○", "◔", "◑", "●"];

export function levelBadge(level) {
  const n = Math.max(0, Math.min(3, Number(level) || 0));
  return h("span", { class: `level l${n}`, title: t(`level.help.${n}`) }, [
    h("span", { class: "icon", "aria-hidden": "true" }, LEVEL_ICONS[n]),
    " ",
    h("span", { class: "label" }, t(`level.${n}`)),
  ]);
}


export function addressedBadge(addressed) {
  return h("span", { class: addressed ? "addr yes" : "addr no" }, [
    h("span", { class: "icon", "aria-hidden": "true" }, addressed ? "✓" : "✗"),
    " ",
    t(addressed ? "addressed.yes" : "addressed.no"),
  ]);
}


export function entryBadge(short = false) {
  return h("span", { class: "entry-badge", title: t("entry.badge") }, [
    h("span", { class: "icon", "aria-hidden": "true" }, "⚑"),
    " ",
    t(short ? "entry.short" : "entry.badge"),
  ]);
}

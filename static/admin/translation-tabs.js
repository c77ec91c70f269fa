/*
 * Language tabs for the change forms of translated content.
 *
 * The form holds each translated field once per language (title_en,
 * title_es...). The tab bar (templates/admin/_translation_tabs.html) lists
 * the languages, each with the names of its fields; choosing a tab shows
 * that language's fields and hides the other languages' ones, while fields
 * that are not translated stay in view. Without this script the bar stays
 * hidden and every field shows.
 *
 * The first tab chosen is, in order: a language whose fields hold errors,
 * the language in the address (#language=es), the first language.
 */
"use strict";
{
    const HASH_KEY = "language";

    function languageInHash() {
        return new URLSearchParams(window.location.hash.slice(1)).get(HASH_KEY);
    }

    function rowsOf(form, tab) {
        const names = (tab.dataset.fields || "").split(" ").filter(Boolean);
        return names.flatMap((name) =>
            Array.from(form.querySelectorAll(`.form-row.field-${CSS.escape(name)}`))
        );
    }

    function setUp(tablist) {
        const form = tablist.closest("form");
        const tabs = Array.from(tablist.querySelectorAll('[role="tab"]'));
        if (!form || tabs.length < 2) {
            return;
        }
        let current = null;

        function select(chosen, {focus = false, remember = false} = {}) {
            current = chosen;
            for (const tab of tabs) {
                const selected = tab === chosen;
                tab.setAttribute("aria-selected", String(selected));
                tab.tabIndex = selected ? 0 : -1;
                // Read each time: an inline adds forms (a page's sections).
                for (const row of rowsOf(form, tab)) {
                    row.hidden = !selected;
                }
            }
            // The preview shows the language being edited
            // (templates/admin/change_form.html).
            const previewLanguage = form.querySelector("#preview-language");
            if (previewLanguage) {
                previewLanguage.value = chosen.dataset.language;
            }
            if (focus) {
                chosen.focus();
            }
            if (remember) {
                // Kept in the address: a reload, or the redirect after "Save
                // and continue editing", comes back to the same language.
                history.replaceState(
                    history.state,
                    "",
                    `#${HASH_KEY}=${encodeURIComponent(chosen.dataset.language)}`
                );
            }
        }

        function tabFor(language) {
            return tabs.find((tab) => tab.dataset.language === language);
        }

        tablist.addEventListener("click", (event) => {
            const tab = event.target.closest('[role="tab"]');
            if (tab && tablist.contains(tab)) {
                select(tab, {remember: true});
            }
        });

        tablist.addEventListener("keydown", (event) => {
            const current = tabs.indexOf(document.activeElement);
            if (current === -1) {
                return;
            }
            const next = {
                ArrowRight: (current + 1) % tabs.length,
                ArrowLeft: (current - 1 + tabs.length) % tabs.length,
                Home: 0,
                End: tabs.length - 1,
            }[event.key];
            if (next === undefined) {
                return;
            }
            event.preventDefault();
            select(tabs[next], {focus: true, remember: true});
        });

        document.addEventListener("formset:added", () => {
            if (current) {
                select(current);
            }
        });

        window.addEventListener("hashchange", () => {
            const tab = tabFor(languageInHash());
            if (tab) {
                select(tab);
            }
        });

        const first =
            tabs.find((tab) => tab.hasAttribute("data-has-errors")) ||
            tabFor(languageInHash()) ||
            tabs[0];
        select(first);
        tablist.hidden = false;
    }

    function init() {
        document.querySelectorAll("[data-translation-tabs]").forEach(setUp);
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", init);
    } else {
        init();
    }
}

/*
 * The sections of a page's form (pages.admin.SectionInline).
 *
 * Each section holds the fields of every kind; its kind's select says which
 * of them it uses (data-kind-fields: {kind: [field names]}), and only those
 * show, with that kind's help (data-kind-help) and the items it offers. Translated fields show as heading_en, heading_es...: a row belongs
 * to the longest field name it starts with.
 *
 * Sections are reordered with the "Move up" and "Move down" buttons this
 * script adds to each; their positions are then numbered in the order they
 * stand, and the position fields are hidden. Without this script every
 * field shows and staff type the positions.
 */
"use strict";
{
    function kindSelect(box) {
        return box.querySelector("select[name$='-kind']");
    }

    function rowField(row) {
        const name = Array.from(row.classList).find((c) => c.startsWith("field-"));
        return name ? name.slice("field-".length) : null;
    }

    function showKind(box) {
        const select = kindSelect(box);
        if (!select) {
            return;
        }
        const kinds = JSON.parse(select.dataset.kindFields || "{}");
        const bases = [...new Set(Object.values(kinds).flat())].sort(
            (a, b) => b.length - a.length
        );
        const used = kinds[select.value] || [];
        // The help under the kind: the chosen kind's alone.
        const help = document.getElementById(`${select.id}_helptext`);
        if (help) {
            help.textContent = JSON.parse(select.dataset.kindHelp || "{}")[select.value] || "";
        }
        // The items to choose from are those of the kind chosen.
        const kindLabel = select.selectedOptions[0]?.textContent.trim();
        // Those of another kind, chosen before the kind changed, are let go.
        for (const optgroup of box.querySelectorAll("select[name$='-items'] optgroup")) {
            optgroup.hidden = optgroup.label !== kindLabel;
            if (optgroup.hidden) {
                for (const option of optgroup.querySelectorAll("option")) {
                    option.selected = false;
                }
            }
        }
        for (const row of box.querySelectorAll(".form-row")) {
            const name = rowField(row);
            if (!name || name === "kind" || name === "position") {
                continue;
            }
            const base = bases.find((b) => name === b || name.startsWith(`${b}_`));
            if (base) {
                row.classList.toggle("section-unused", !used.includes(base));
            }
        }
    }

    function sectionsOf(group) {
        return Array.from(group.querySelectorAll(".inline-related")).filter(
            (box) => !box.classList.contains("empty-form") && box.id
        );
    }

    function number(group) {
        sectionsOf(group).forEach((box, index) => {
            const position = box.querySelector("input[name$='-position']");
            if (position) {
                position.value = String((index + 1) * 10);
            }
        });
    }

    function announce(group, text) {
        const status = group.querySelector(".page-sections__status");
        status.textContent = "";
        // A new text in the live region, read out after the move.
        window.setTimeout(() => {
            status.textContent = text;
        }, 50);
    }

    function addMoveButtons(group, box) {
        const heading = box.querySelector("h3");
        if (!heading || heading.querySelector(".section-move")) {
            return;
        }
        const labels = group.dataset;
        for (const [direction, label] of [["up", labels.up], ["down", labels.down]]) {
            const button = document.createElement("button");
            button.type = "button";
            button.className = `section-move section-move--${direction}`;
            button.textContent = label;
            button.addEventListener("click", () => {
                const boxes = sectionsOf(group);
                const index = boxes.indexOf(box);
                const other = boxes[direction === "up" ? index - 1 : index + 1];
                if (!other) {
                    return;
                }
                if (direction === "up") {
                    other.before(box);
                } else {
                    other.after(box);
                }
                number(group);
                button.focus();
                announce(
                    group,
                    labels.moved
                        .replace("%(position)s", sectionsOf(group).indexOf(box) + 1)
                        .replace("%(count)s", sectionsOf(group).length)
                );
            });
            heading.append(button);
        }
    }

    function setUpSection(group, box) {
        showKind(box);
        addMoveButtons(group, box);
        const select = kindSelect(box);
        if (select) {
            select.addEventListener("change", () => showKind(box));
        }
    }

    function setUp(group, labels) {
        group.dataset.up = labels.moveUp;
        group.dataset.down = labels.moveDown;
        group.dataset.moved = labels.moved;
        const status = document.createElement("p");
        status.className = "page-sections__status";
        status.setAttribute("role", "status");
        group.prepend(status);
        group.classList.add("page-sections--ordered");
        // In the order of their positions: a form sent back with errors
        // lists its sections in the order they were added.
        const anchor = group.querySelector(".inline-related.empty-form");
        const position = (box) =>
            Number(box.querySelector("input[name$='-position']")?.value) || 0;
        if (anchor) {
            sectionsOf(group)
                .map((box, index) => [position(box), index, box])
                .sort((a, b) => a[0] - b[0] || a[1] - b[1])
                .forEach(([, , box]) => anchor.before(box));
        }
        for (const box of sectionsOf(group)) {
            setUpSection(group, box);
        }
        document.addEventListener("formset:added", (event) => {
            if (group.contains(event.target)) {
                setUpSection(group, event.target);
                number(group);
            }
        });
        group.closest("form").addEventListener("submit", () => number(group));
    }

    function init() {
        // The empty form's kind select is always there, with the labels.
        for (const select of document.querySelectorAll("select[data-kind-fields]")) {
            const group = select.closest(".inline-group");
            if (group && !group.classList.contains("page-sections--ordered")) {
                setUp(group, select.dataset);
            }
        }
    }

    if (document.readyState === "loading") {
        document.addEventListener("DOMContentLoaded", init);
    } else {
        init();
    }
}

/*
 * Videos (templates/includes/_video.html). Each poster, a link to the video
 * on its host, becomes a button; pressing it puts the provider's player in
 * its place, from youtube-nocookie.com or player.vimeo.com (the frames the
 * page's Content-Security-Policy lets in), and moves the focus to it. Until
 * then nothing is loaded from the video host.
 */
"use strict";
{
    function play(figure, button) {
        const frame = document.createElement("iframe");
        frame.className = "video__frame";
        frame.src = figure.dataset.videoPlayer;
        frame.title = figure.dataset.videoTitle;
        frame.allow = "autoplay; encrypted-media; fullscreen; picture-in-picture";
        frame.allowFullscreen = true;
        // The players refuse to play for a page that sends no referrer.
        frame.referrerPolicy = "strict-origin-when-cross-origin";
        button.replaceWith(frame);
        frame.focus();
    }

    for (const figure of document.querySelectorAll("figure.video[data-video-player]")) {
        const link = figure.querySelector("a.video__poster");
        if (!link) {
            continue;
        }
        const button = document.createElement("button");
        button.type = "button";
        button.className = link.className;
        button.setAttribute("aria-label", link.getAttribute("aria-label"));
        button.append(...link.childNodes);
        link.replaceWith(button);
        button.addEventListener("click", () => play(figure, button), { once: true });
    }
}

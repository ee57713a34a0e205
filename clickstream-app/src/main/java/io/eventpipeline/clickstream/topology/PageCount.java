package io.eventpipeline.clickstream.topology;

/**
 * A page's final view count in one window.
 *
 * @param page the page
 * @param views views in the window
 */
public record PageCount(String page, long views) {
}

//! Data crossing between JS and the core: values through serde-wasm-bindgen, text through the
//! browser's own `JSON` (no JSON parser or writer ships in the wasm).

use crate::core::config::Given;
use crate::core::job::{DecodeError, Job};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::{JsCast, JsValue};

/// A core value as a plain JS value (objects, not `Map`s; absent options left out).
pub fn to_js<T: Serialize>(value: &T) -> JsValue {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .unwrap_or(JsValue::NULL)
}

/// A core value as JSON text (request bodies, stored events).
pub fn to_json_text<T: Serialize>(value: &T) -> String {
    stringify(&to_js(value))
}

/// `JSON.stringify`, or an empty string for what has no JSON form.
pub fn stringify(value: &JsValue) -> String {
    js_sys::JSON::stringify(value)
        .ok()
        .and_then(|text| text.as_string())
        .unwrap_or_default()
}

/// `JSON.parse`: `None` for text that is not JSON.
pub fn parse(text: &str) -> Option<JsValue> {
    js_sys::JSON::parse(text).ok()
}

/// A JS value decoded into a core type.
pub fn from_js<T: DeserializeOwned>(value: JsValue) -> Result<T, serde_wasm_bindgen::Error> {
    serde_wasm_bindgen::from_value(value)
}

/// The value of one of the config's keys, as the core reads it (anything serde-wasm-bindgen
/// cannot take, such as a function inside an object, is [`Given::Other`]).
pub fn config_value(value: JsValue) -> Given {
    Given::of_key(serde_wasm_bindgen::Deserializer::from(value)).unwrap_or(Given::Other)
}

/// The message of a thrown JS `Error` (without the `Error: ` that its text form starts with):
/// also one from another realm (an iframe's, a test driver's), which is no `instanceof Error`
/// here, and a thrown string.
pub fn error_message(error: &JsValue) -> Option<String> {
    if let Some(error) = error.dyn_ref::<js_sys::Error>() {
        return Some(error.message().into());
    }
    if error.is_object() {
        return js_sys::Reflect::get(error, &JsValue::from_str("message"))
            .ok()?
            .as_string();
    }
    error.as_string()
}

/// A job read's body text as the core's [`Job`]: parsed by the browser's `JSON.parse`,
/// decoded by serde-wasm-bindgen (the flow's `DecodeJob`).
pub fn decode_job(text: &str) -> Result<Job, DecodeError> {
    let value = parse(text).ok_or(DecodeError::NotJson)?;
    Job::decode(serde_wasm_bindgen::Deserializer::from(value))
}

//! What every challenge kind's fields draw from and write to, shared by the form
//! ([`super::form`]) and each kind's file: the strings, what the user typed, the error shown.

use crate::core::job::challenge::Draft;
use crate::core::strings::Strings;
use web_sys::HtmlInputElement;
use yew::prelude::*;

/// What a kind's fields draw from: the strings, what was typed, and the error to point at.
pub struct Fields<'a> {
    pub strings: &'a Strings,
    typed: &'a UseStateHandle<Draft>,
    error_id: &'a Option<AttrValue>,
}

impl<'a> Fields<'a> {
    pub fn new(
        strings: &'a Strings,
        typed: &'a UseStateHandle<Draft>,
        error_id: &'a Option<AttrValue>,
    ) -> Fields<'a> {
        Fields {
            strings,
            typed,
            error_id,
        }
    }

    /// What the user typed into field `index`.
    pub fn value(&self, index: usize) -> String {
        self.typed.texts.get(index).cloned().unwrap_or_default()
    }

    /// The chosen delivery method's place in the bank's list, if one is chosen.
    pub fn chosen(&self) -> Option<usize> {
        self.typed.chosen
    }

    /// Keeps what the user types into field `index`.
    pub fn on_input(&self, index: usize) -> Callback<InputEvent> {
        let typed = self.typed.clone();
        Callback::from(move |e: InputEvent| {
            keep(
                &typed,
                index,
                e.target_unchecked_into::<HtmlInputElement>().value(),
            )
        })
    }

    /// Keeps choice `index` as the answer of the form's one choice.
    pub fn on_choose(&self, index: usize) -> Callback<Event> {
        let typed = self.typed.clone();
        Callback::from(move |_: Event| {
            typed.set(Draft {
                chosen: Some(index),
                ..(*typed).clone()
            })
        })
    }

    /// `aria-invalid` for every field while the last answer's failure is shown.
    pub fn invalid(&self) -> Option<&'static str> {
        self.error_id.is_some().then_some("true")
    }

    /// `aria-describedby`: the failure message, while it is shown.
    pub fn described_by(&self) -> Option<AttrValue> {
        self.error_id.clone()
    }
}

fn keep(typed: &UseStateHandle<Draft>, index: usize, value: String) {
    let mut next = (**typed).clone();
    if let Some(slot) = next.texts.get_mut(index) {
        *slot = value;
    }
    typed.set(next);
}

//! `Shared<T>`: an `Rc` whose equality is identity, so props holding big data compare in O(1).

use std::ops::Deref;
use std::rc::Rc;

/// An `Rc<T>` compared by pointer.
#[derive(Debug)]
pub(crate) struct Shared<T>(pub(crate) Rc<T>);

impl<T> Clone for Shared<T> {
    fn clone(&self) -> Self {
        Shared(self.0.clone())
    }
}

impl<T> PartialEq for Shared<T> {
    fn eq(&self, other: &Self) -> bool {
        Rc::ptr_eq(&self.0, &other.0)
    }
}

impl<T> Deref for Shared<T> {
    type Target = T;
    fn deref(&self) -> &T {
        &self.0
    }
}

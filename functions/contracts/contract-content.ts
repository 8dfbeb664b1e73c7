import type { ApplicationForm } from '../api/schemas/application-form.ts';

/** The terms of service that an amendment may change. */
export interface ContractTerms {
  position: string;
  /** The military unit or organisation where the citizen serves, as the form names it. */
  employer: string;
  /** `YYYY-MM-DD`. */
  contractStart: string;
  /** `YYYY-MM-DD`. */
  contractEnd: string;
}

/** The terms an amendment proposes; a missing term stays as it was. */
export type AmendedTerms = Partial<Pick<ContractTerms, 'contractEnd' | 'position'>>;

/** Everything the contract PDF shows. It contains personal data, so it lives only in the function's memory. */
export interface ContractContent {
  contractNumber: string;
  applicationId: string;
  version: number;
  /** The Moscow date the version was generated, `YYYY-MM-DD`. */
  date: string;
  citizen: {
    lastName: string;
    firstName: string;
    middleName?: string;
    birthDate: string;
    passport: { series: string; number: string; issuedBy: string; issueDate: string; divisionCode: string };
  };
  terms: ContractTerms;
}

/** Applies amendments in the order they were approved to the terms of the form. */
export function resolveTerms(form: ApplicationForm, amendments: readonly AmendedTerms[]): ContractTerms {
  let terms: ContractTerms = { ...form.employment };
  for (const amendment of amendments) {
    terms = {
      ...terms,
      ...(amendment.position === undefined ? {} : { position: amendment.position }),
      ...(amendment.contractEnd === undefined ? {} : { contractEnd: amendment.contractEnd }),
    };
  }
  return terms;
}

export function buildContractContent(input: {
  form: ApplicationForm;
  terms: ContractTerms;
  contractNumber: string;
  applicationId: string;
  version: number;
  date: string;
}): ContractContent {
  const { form } = input;
  return {
    contractNumber: input.contractNumber,
    applicationId: input.applicationId,
    version: input.version,
    date: input.date,
    citizen: {
      lastName: form.fullName.lastName,
      firstName: form.fullName.firstName,
      middleName: form.fullName.middleName,
      birthDate: form.birthDate,
      passport: {
        series: form.passport.series,
        number: form.passport.number,
        issuedBy: form.passport.issuedBy,
        issueDate: form.passport.issueDate,
        divisionCode: form.passport.divisionCode,
      },
    },
    terms: input.terms,
  };
}
